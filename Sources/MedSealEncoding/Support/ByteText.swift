import Foundation

/// Hexadecimal and base64url text for byte strings (keys, kids, ids).
public enum ByteText {
    /// Lower-case hexadecimal.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes from hexadecimal text (either case); `nil` unless every character is a digit.
    public static func bytes(hex text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = nibble(characters[index]), let low = nibble(characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    /// Unpadded base64url (RFC 4648 §5).
    public static func base64url(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(group >> 18)], alphabet[Int(group >> 12 & 63)], alphabet[Int(group >> 6 & 63)], alphabet[Int(group & 63)]]
            index += 3
        }
        let left = bytes.count - index
        if left > 0 {
            let group = UInt32(bytes[index]) << 16 | (left == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out += [alphabet[Int(group >> 18)], alphabet[Int(group >> 12 & 63)]]
            if left == 2 { out.append(alphabet[Int(group >> 6 & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 6-bit value of each base64 or base64url character; 0xFF for any other byte.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8.enumerated() { table[Int(character)] = UInt8(value) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        table[Int(UInt8(ascii: "/"))] = 63
        return table
    }()

    /// ``sextets`` for base64url alone: `+` and `/` are invalid.
    private static let canonicalSextets: [UInt8] = {
        var table = sextets
        table[Int(UInt8(ascii: "+"))] = 0xFF
        table[Int(UInt8(ascii: "/"))] = 0xFF
        return table
    }()

    /// Decodes base64 characters (either alphabet, no padding) in one pass; `nil` for any
    /// other byte or a length no encoding produces. With `canonical`, only base64url, and
    /// the unused low bits of the last character must be zero.
    private static func decode(_ text: some Collection<UInt8>, canonical: Bool) -> [UInt8]? {
        if let decoded = text.withContiguousStorageIfAvailable({ decode(characters: $0, canonical: canonical) }) { return decoded }
        return Array(text).withUnsafeBufferPointer { decode(characters: $0, canonical: canonical) }
    }

    /// ``decode(_:canonical:)`` over contiguous bytes: four characters at a time, then the tail.
    public static func decode(characters text: UnsafeBufferPointer<UInt8>, canonical: Bool) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        let whole = text.count / 4, tail = text.count % 4
        let length = whole * 3 + (tail == 0 ? 0 : tail - 1)
        return (canonical ? canonicalSextets : sextets).withUnsafeBufferPointer { table -> [UInt8]? in
            // Invalid characters map to 0xFF: one OR over every value says whether any was seen.
            var seen: UInt8 = 0
            func value(_ character: UInt8) -> UInt32 {
                let sextet = table[Int(character)]
                seen |= sextet
                return UInt32(sextet & 0x3F)
            }
            var lowBitsSet = false
            let out = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                var input = 0, output = 0
                for _ in 0..<whole {
                    let group = value(text[input]) << 18 | value(text[input + 1]) << 12 | value(text[input + 2]) << 6 | value(text[input + 3])
                    buffer[output] = UInt8(truncatingIfNeeded: group >> 16)
                    buffer[output + 1] = UInt8(truncatingIfNeeded: group >> 8)
                    buffer[output + 2] = UInt8(truncatingIfNeeded: group)
                    input += 4
                    output += 3
                }
                if tail >= 2 {
                    var group = value(text[input]) << 18 | value(text[input + 1]) << 12
                    if tail == 3 { group |= value(text[input + 2]) << 6 }
                    buffer[output] = UInt8(truncatingIfNeeded: group >> 16)
                    if tail == 3 { buffer[output + 1] = UInt8(truncatingIfNeeded: group >> 8) }
                    // The bits of the last character that make no byte must be zero.
                    lowBitsSet = group & (tail == 2 ? 0xFFFF : 0xFF) != 0
                }
                count = length
            }
            return seen & 0x80 == 0 && !(canonical && lowBitsSet) ? out : nil
        }
    }

    /// Bytes from unpadded, canonical base64url text only (as JWS requires); `nil` for any
    /// other character, padding, a length no encoding produces, or unused low bits that are
    /// not zero (so that no two texts carry the same bytes).
    public static func bytes(strictBase64url text: Substring) -> [UInt8]? {
        decode(text.utf8, canonical: true)
    }

    /// Bytes from base64url or base64 text, padded or not.
    public static func bytes(base64url text: String) -> [UInt8]? {
        var characters = Array(text.utf8)
        var padding = 0
        while characters.last == 0x3D { characters.removeLast(); padding += 1 }
        // Padding, when given, must make whole groups of four.
        guard padding <= 2, padding == 0 || (characters.count + padding) % 4 == 0 else { return nil }
        return decode(characters, canonical: false)
    }
}

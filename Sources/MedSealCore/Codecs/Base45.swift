/// Base45 encoding (RFC 9285): every two bytes become three characters of the QR
/// alphanumeric set, so a token fits QR alphanumeric mode.
public enum Base45 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Encodes bytes as Base45 text.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count / 2) * 3 + 2)
        var index = 0
        while index + 1 < bytes.count {
            var value = Int(bytes[index]) * 256 + Int(bytes[index + 1])
            for _ in 0..<3 {
                out.append(alphabet[value % 45])
                value /= 45
            }
            index += 2
        }
        if index < bytes.count {
            let value = Int(bytes[index])
            out.append(alphabet[value % 45])
            out.append(alphabet[value / 45])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base45 text, refusing characters outside the alphabet, a dangling single
    /// character, and triplets whose value exceeds two bytes.
    public static func decode(_ text: Substring) throws(FormatError) -> [UInt8] {
        try decode(text.utf8)
    }

    /// Decodes Base45 text given as UTF-8 bytes.
    public static func decode(_ utf8: some Collection<UInt8>) throws(FormatError) -> [UInt8] {
        let characters = Array(utf8)
        if characters.count % 3 == 1 {
            throw FormatError("Base45", "length \(characters.count) leaves a single dangling character")
        }
        var out = [UInt8]()
        out.reserveCapacity(characters.count / 3 * 2 + 1)
        var index = 0
        while index < characters.count {
            let chunk = min(3, characters.count - index)
            var value = 0
            var factor = 1
            for offset in 0..<chunk {
                let digit = reverse[Int(characters[index + offset])]
                guard digit >= 0 else {
                    throw FormatError("Base45", "character \(describe(characters[index + offset])) is not in the Base45 alphabet", at: index + offset)
                }
                value += Int(digit) * factor
                factor *= 45
            }
            if chunk == 3 {
                guard value <= 0xFFFF else { throw FormatError("Base45", "triplet value \(value) exceeds two bytes", at: index) }
                out.append(UInt8(value >> 8))
                out.append(UInt8(value & 0xFF))
            } else {
                guard value <= 0xFF else { throw FormatError("Base45", "final pair value \(value) exceeds one byte", at: index) }
                out.append(UInt8(value))
            }
            index += chunk
        }
        return out
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}

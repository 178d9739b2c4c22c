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
        if let result = utf8.withContiguousStorageIfAvailable({ characters in Result { () throws(FormatError) in try decode(characters) } }) {
            return try result.get()
        }
        return try Array(utf8).withUnsafeBufferPointer { characters in Result { () throws(FormatError) in try decode(characters) } }.get()
    }

    /// Decodes contiguous characters: each full triplet becomes two bytes, a final pair one byte.
    private static func decode(_ characters: UnsafeBufferPointer<UInt8>) throws(FormatError) -> [UInt8] {
        let count = characters.count
        if count % 3 == 1 {
            throw FormatError("Base45", "length \(count) leaves a single dangling character")
        }
        var failure: FormatError?
        // The table is read once: a static is initialised lazily, and each access would check that.
        let out = reverse.withUnsafeBufferPointer { reverse in
            [UInt8](unsafeUninitializedCapacity: count / 3 * 2 + count % 3 / 2) { buffer, written in
                var index = 0
                while index < count {
                    let full = index + 3 <= count
                    let low = Int(reverse[Int(characters[index])]), high = Int(reverse[Int(characters[index + 1])])
                    let top = full ? Int(reverse[Int(characters[index + 2])]) : 0
                    guard low | high | top >= 0 else {
                        let bad = characters[index...].firstIndex { reverse[Int($0)] < 0 }!
                        failure = FormatError("Base45", "character \(describe(characters[bad])) is not in the Base45 alphabet", at: bad)
                        return
                    }
                    let value = low + high * 45 + top * 2025
                    if full {
                        guard value <= 0xFFFF else {
                            failure = FormatError("Base45", "triplet value \(value) exceeds two bytes", at: index)
                            return
                        }
                        buffer[written] = UInt8(value >> 8)
                        buffer[written + 1] = UInt8(value & 0xFF)
                        written += 2
                    } else {
                        guard value <= 0xFF else {
                            failure = FormatError("Base45", "final pair value \(value) exceeds one byte", at: index)
                            return
                        }
                        buffer[written] = UInt8(value)
                        written += 1
                    }
                    index += 3
                }
            }
        }
        if let failure { throw failure }
        return out
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}

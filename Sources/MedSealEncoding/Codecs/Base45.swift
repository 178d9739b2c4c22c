/// Base45 encoding (RFC 9285): every two bytes become three characters of the QR
/// alphanumeric set, so a token fits QR alphanumeric mode.
public enum Base45 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Each character's value, and -1 for a byte outside the alphabet (for messages).
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Each character's value as the decoder adds it up, and ``invalid`` for a byte outside
    /// the alphabet: so large a negative number that a triplet or pair holding one sums
    /// below zero, and one unsigned comparison finds a bad character or an overflow.
    /// (-2¹⁷ outweighs the most the other two can add, 91,080, and three of them times
    /// 2,071 still fit in 32 bits.)
    private static let values: [Int32] = reverse.map { $0 < 0 ? invalid : Int32($0) }
    private static let invalid: Int32 = -(1 << 17)

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

    /// Decodes Base45 text as a keyboard-wedge scanner types it. Scanners type capital
    /// letters with Shift, which Caps Lock on the receiving computer turns into small ones,
    /// and leaves digits and symbols alone. Base45 has no small letters, so text whose letters
    /// are all small is read with them made capital: it is the very text the scanner read,
    /// and the signature still covers every byte. Letters in both cases come from no keyboard
    /// state and are refused, at the first small one. Text that is already valid costs
    /// nothing more.
    public static func decodeTyped(_ utf8: Substring.UTF8View) throws(FormatError) -> [UInt8] {
        do {
            return try decode(utf8)
        } catch {
            let isSmall: (UInt8) -> Bool = { (0x61...0x7A).contains($0) }
            guard let firstSmall = utf8.firstIndex(where: isSmall) else { throw error }
            guard !utf8.contains(where: { (0x41...0x5A).contains($0) }) else {
                throw FormatError("Base45", "small and capital letters mixed: Base45 letters are capitals, and only text whose letters are all small "
                                  + "(typed with Caps Lock on) is read", at: utf8.distance(from: utf8.startIndex, to: firstSmall))
            }
            return try decode(utf8.map { isSmall($0) ? $0 - 0x20 : $0 })
        }
    }

    /// Decodes contiguous characters: each full triplet becomes two bytes, a final pair one byte.
    private static func decode(_ characters: UnsafeBufferPointer<UInt8>) throws(FormatError) -> [UInt8] {
        let count = characters.count
        if count % 3 == 1 {
            throw FormatError("Base45", "length \(count) leaves a single dangling character")
        }
        let triplets = count / 3
        var failure: FormatError?
        // The table is read once: a static is initialised lazily, and each access would check that.
        let out = values.withUnsafeBufferPointer { values in
            ByteArrays.filled(count: triplets * 2 + count % 3 / 2) { buffer in
                // One unsigned test finds a character outside the alphabet (a negative sum)
                // or a value over two bytes. The message is worked out after the loop.
                var input = characters.baseAddress!, output = buffer.baseAddress!
                for _ in 0..<triplets {
                    let number = values[Int(input[0])] + values[Int(input[1])] * 45 + values[Int(input[2])] * 2025
                    guard UInt32(bitPattern: number) <= 0xFFFF else { break }
                    output[0] = UInt8(truncatingIfNeeded: number >> 8)
                    output[1] = UInt8(truncatingIfNeeded: number)
                    input += 3
                    output += 2
                }
                let written = output - buffer.baseAddress!
                let index = input - characters.baseAddress!
                if index < triplets * 3 {
                    failure = problem(in: characters, at: index)
                    return written
                }
                guard count % 3 == 2 else { return written }
                let low = Int(values[Int(input[0])]), high = Int(values[Int(input[1])])
                guard low | high >= 0 else {
                    failure = problem(in: characters, at: index)
                    return written
                }
                guard low + high * 45 <= 0xFF else {
                    failure = FormatError("Base45", "final pair value \(low + high * 45) exceeds one byte", at: index)
                    return written
                }
                output[0] = UInt8(low + high * 45)
                return written + 1
            }
        }
        if let failure { throw failure }
        return out
    }

    /// What is wrong with the full triplet at `index`: a character outside the alphabet, or a
    /// value over two bytes.
    private static func problem(in characters: UnsafeBufferPointer<UInt8>, at index: Int) -> FormatError {
        let group = characters[index..<min(index + 3, characters.count)]
        if let bad = group.firstIndex(where: { reverse[Int($0)] < 0 }) {
            return FormatError("Base45", "character \(describe(characters[bad])) is not in the Base45 alphabet", at: bad)
        }
        let value = group.reversed().reduce(0) { $0 * 45 + Int(reverse[Int($1)]) }
        return FormatError("Base45", "triplet value \(value) exceeds two bytes", at: index)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}

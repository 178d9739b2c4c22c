/// What a run of text bytes holds, found eight bytes at a time: whether it is all ASCII and,
/// when it is, whether it has a visible character and a control character other than a
/// line feed. Field checks and the token reader look at every text of every document with
/// it, so it avoids a branch per byte. Reading a byte twice changes no answer, so short
/// runs and the tail are read with overlapping loads.
struct ASCIIScan {
    /// Every byte is below 0x80. The other two answers are meaningful only then.
    let isASCII: Bool
    /// Some byte is a printable character other than a space.
    let hasVisible: Bool
    /// Some byte is a control character (below 0x20, or 0x7F) other than a line feed.
    let hasControl: Bool

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var all: UInt64 = 0, visible: UInt64 = 0, control: UInt64 = 0
        func scan(_ word: UInt64) {
            all |= word
            // For bytes below 0x80 these sums cannot carry into the next byte; a word with
            // another byte gives a wrong answer here, but then isASCII is false.
            let atLeastSpace = (word &+ 0x60 &* Self.ones) & Self.highBits      // byte ≥ 0x20
            let aboveSpace = (word &+ 0x5F &* Self.ones) & Self.highBits        // byte ≥ 0x21
            let delete = (word &+ Self.ones) & Self.highBits                    // byte = 0x7F
            let notLineFeed = Self.nonZeroBytes(word ^ (0x0A &* Self.ones))
            control |= (~atLeastSpace & notLineFeed) | delete
            visible |= aboveSpace & ~delete
        }
        let raw = UnsafeRawBufferPointer(bytes)
        let count = raw.count
        if count >= 8 {
            func word(at offset: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            var offset = 0
            while offset + 8 <= count {
                scan(word(at: offset))
                offset += 8
            }
            // The last few bytes with some already seen: seeing a byte twice changes nothing.
            if offset < count { scan(word(at: count - 8)) }
        } else if count >= 4 {
            // Four to seven bytes: two four-byte reads that overlap cover them all.
            let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            scan(low | high << 32)
        } else if count > 0 {
            // One to three bytes: the first, the middle and the last, padded with spaces
            // (neither visible nor control).
            scan(0x2020_2020_2000_0000 | UInt64(raw[0]) | UInt64(raw[count / 2]) << 8 | UInt64(raw[count - 1]) << 16)
        }
        isASCII = all & Self.highBits == 0
        hasVisible = visible != 0
        hasControl = control != 0
    }

    /// The high bit of each byte of `word` (all below 0x80) set when that byte is not zero.
    private static func nonZeroBytes(_ word: UInt64) -> UInt64 {
        (((word & ~highBits) &+ ~highBits) | word) & highBits
    }
}

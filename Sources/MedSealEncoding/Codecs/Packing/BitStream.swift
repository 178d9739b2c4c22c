/// Bits written most significant first into bytes, as the packed token body stores them.
/// The last byte is filled up with zero bits.
public struct BitWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var pending: UInt64 = 0
    private var pendingCount = 0

    public init() {}

    /// Bits written so far.
    public var count: Int { bytes.count * 8 + pendingCount }

    /// The `width` low bits of `value`, most significant first (`width` at most 57).
    public mutating func write(_ value: UInt64, width: Int) {
        precondition(width >= 0 && width <= 57)
        guard width > 0 else { return }
        pending = (pending << UInt64(width)) | (value & ((1 << UInt64(width)) - 1))
        pendingCount += width
        while pendingCount >= 8 {
            pendingCount -= 8
            bytes.append(UInt8(truncatingIfNeeded: pending >> UInt64(pendingCount)))
        }
        pending &= (1 << UInt64(pendingCount)) - 1
    }

    /// `byte` as 8 bits.
    public mutating func write(byte: UInt8) { write(UInt64(byte), width: 8) }

    /// The bytes, the last one padded with zero bits.
    public func finished() -> [UInt8] {
        guard pendingCount > 0 else { return bytes }
        return bytes + [UInt8(truncatingIfNeeded: pending << UInt64(8 - pendingCount))]
    }
}

/// Reads what ``BitWriter`` wrote, through a 64-bit window. Running out of bits is a
/// ``FormatError`` of the given layer, never a crash.
public struct BitReader {
    private let bytes: [UInt8]
    private var nextByte: Int
    private let endByte: Int
    /// Bits not yet consumed, left-aligned; `windowBits` of them are valid.
    private var window: UInt64 = 0
    private var windowBits = 0
    let layer: String

    /// A reader of `bytes[range]`.
    public init(_ bytes: [UInt8], range: Range<Int>, layer: String) {
        self.bytes = bytes
        self.nextByte = range.lowerBound
        self.endByte = range.upperBound
        self.layer = layer
    }

    /// The next bit to read, counted from the first bit of `bytes`.
    public var position: Int { nextByte * 8 - windowBits }

    /// Bits not read yet.
    public var remaining: Int { (endByte - nextByte) * 8 + windowBits }

    @inline(__always)
    private mutating func refill() {
        while windowBits <= 56 && nextByte < endByte {
            window |= UInt64(bytes[nextByte]) << UInt64(56 - windowBits)
            windowBits += 8
            nextByte += 1
        }
    }

    /// The next `width` bits (at most 32) without consuming them; zeros past the end.
    @inline(__always)
    public mutating func peek(_ width: Int) -> UInt32 {
        if windowBits < width { refill() }
        return UInt32(truncatingIfNeeded: window >> UInt64(64 - width))
    }

    /// Consumes `width` bits that ``peek(_:)`` showed.
    @inline(__always)
    public mutating func consume(_ width: Int) throws(FormatError) {
        guard width <= windowBits else { throw ended() }
        window <<= UInt64(width)
        windowBits -= width
    }

    private func ended() -> FormatError { FormatError(layer, "the packed body ends in the middle of an item", at: position / 8) }

    /// One bit.
    @inline(__always)
    public mutating func readBit() throws(FormatError) -> UInt32 {
        let bit = peek(1)
        try consume(1)
        return bit
    }

    /// `width` bits (at most 64) as a number, most significant first.
    @inline(__always)
    public mutating func read(width: Int) throws(FormatError) -> UInt64 {
        guard width > 0 else { return 0 }
        guard width <= remaining else { throw ended() }
        if width <= 32 {
            let value = peek(width)
            try consume(width)
            return UInt64(value)
        }
        let high = UInt64(peek(width - 32))
        try consume(width - 32)
        let low = UInt64(peek(32))
        try consume(32)
        return high << 32 | low
    }

    /// Checks that what is left is the zero padding of the last byte, no more.
    public func requireOnlyPadding() throws(FormatError) {
        guard remaining < 8 else {
            throw FormatError(layer, "\(remaining / 8) bytes left over after the packed message", at: position / 8)
        }
        var probe = self
        let left = probe.remaining
        guard left == 0 || probe.peek(left) == 0 else { throw FormatError(layer, "the padding bits of the last byte are not zero", at: position / 8) }
    }
}

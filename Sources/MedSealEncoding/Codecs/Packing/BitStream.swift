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

/// Reads what ``BitWriter`` wrote. Running out of bits is a ``FormatError`` of the given layer,
/// never a crash.
public struct BitReader {
    private let bytes: [UInt8]
    private let end: Int
    /// The next bit to read, counted from the first bit of `bytes`.
    public private(set) var position: Int
    let layer: String

    /// A reader of `bytes[range]`.
    public init(_ bytes: [UInt8], range: Range<Int>, layer: String) {
        self.bytes = bytes
        self.position = range.lowerBound * 8
        self.end = range.upperBound * 8
        self.layer = layer
    }

    /// Bits not read yet.
    public var remaining: Int { end - position }

    /// One bit.
    @inline(__always)
    public mutating func readBit() throws(FormatError) -> UInt32 {
        guard position < end else { throw FormatError(layer, "the packed body ends in the middle of an item", at: position / 8) }
        let bit = (bytes[position >> 3] >> UInt8(7 - (position & 7))) & 1
        position += 1
        return UInt32(bit)
    }

    /// `width` bits (at most 64) as a number, most significant first.
    public mutating func read(width: Int) throws(FormatError) -> UInt64 {
        guard width <= remaining else { throw FormatError(layer, "the packed body ends in the middle of an item", at: position / 8) }
        var value: UInt64 = 0
        for _ in 0..<width { value = (value << 1) | UInt64(try readBit()) }
        return value
    }

    /// Checks that what is left is the zero padding of the last byte, no more.
    public func requireOnlyPadding() throws(FormatError) {
        guard remaining < 8 else {
            throw FormatError(layer, "\(remaining / 8) bytes left over after the packed message", at: position / 8)
        }
        var probe = self
        while probe.remaining > 0 {
            guard (try? probe.readBit()) == 0 else { throw FormatError(layer, "the padding bits of the last byte are not zero", at: position / 8) }
        }
    }
}

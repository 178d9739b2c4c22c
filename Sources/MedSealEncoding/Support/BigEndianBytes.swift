/// Appending and reading the fixed-width big-endian integers of MedSeal's binary store
/// files. Reads are bounds-checked and throw instead of trapping.
package enum BigEndianBytes {
    package static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    package static func uint32(_ buffer: some RandomAccessCollection<UInt8>, at offset: Int, layer: String) throws(FormatError) -> UInt32 {
        guard offset >= 0, offset + 4 <= buffer.count else { throw FormatError(layer, "file is truncated", at: offset) }
        var value: UInt32 = 0
        var position = buffer.index(buffer.startIndex, offsetBy: offset)
        for _ in 0..<4 {
            value = value << 8 | UInt32(buffer[position])
            position = buffer.index(after: position)
        }
        return value
    }
}

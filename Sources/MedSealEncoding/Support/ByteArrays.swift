/// Byte arrays filled in place.
enum ByteArrays {
    /// An array of the bytes that `fill` writes into a buffer of `count` bytes; it returns how
    /// many it wrote.
    ///
    /// `Array(unsafeUninitializedCapacity:)` and `Array(repeating:count:)` allocate through a
    /// generic function of the standard library that is never specialised: it looks the
    /// array's type up in the runtime's metadata cache on every call, which cost about 500
    /// instructions (as much as Base45-decoding a whole token). Reserving capacity does not,
    /// so the bytes are written to the stack (or a temporary buffer when large) and appended.
    /// Base45 decodes every token into one.
    @inline(__always)
    static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { scratch in
            let written = fill(scratch)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<written]))
        }
        return bytes
    }
}

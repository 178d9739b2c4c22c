/// The test a credential reader makes first: does the text start with a format's prefix?
public enum CaseFoldedPrefix {
    /// Whether `utf8` starts with `prefix` in either case (`ms1:`, `hc1:` from a scanner in
    /// lower-case mode): compared byte by byte, ASCII letters folded to lower case and every
    /// other byte exact.
    public static func matches(_ utf8: Substring.UTF8View, _ prefix: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        var prefix = prefix
        return prefix.withUTF8 { expected in
            func starts(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
                text.count >= expected.count && expected.indices.allSatisfy { folded(text[$0]) == folded(expected[$0]) }
            }
            // In place when the text is contiguous (stepping string indexes costs more than the test).
            return utf8.withContiguousStorageIfAvailable(starts) ?? Array(utf8.prefix(expected.count)).withUnsafeBufferPointer(starts)
        }
    }
}

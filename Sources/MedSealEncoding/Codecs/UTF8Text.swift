import Foundation

/// Text from bytes that must be UTF-8, made the fast way: every reader of MedSeal's formats
/// (CBOR, JSON) turns bytes into strings here.
///
/// `String(validating:as:)` goes through a generic path that looks up type metadata at run
/// time on every call, which was most of the cost of reading a SMART Health Card's JSON.
/// ASCII, as most text is, is valid UTF-8 and needs one scan; anything else is decoded (which
/// repairs invalid UTF-8 with U+FFFD) and accepted exactly when it kept every byte.
public enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    public static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        string(validating: bytes, scan: ASCIIScan(bytes))
    }

    /// The text of `bytes`, of which `scan` is the ASCII scan (for callers that use its other answers).
    static func string(validating bytes: UnsafeBufferPointer<UInt8>, scan: ASCIIScan) -> String? {
        if scan.isASCII { return string(valid: bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        let same = text.utf8.withContiguousStorageIfAvailable { decoded in
            decoded.count == bytes.count && (bytes.isEmpty || memcmp(decoded.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        return same ?? text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// The text of `bytes` already known to be valid UTF-8 (ASCII, or checked before).
    static func string(valid bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Up to 15 bytes (a string kept inline, with no storage of its own), copying into a
        // new string costs less than String(decoding:), which beyond that sees ASCII first.
        bytes.count <= 15 ? String(unsafeUninitializedCapacity: bytes.count) { $0.initialize(fromContentsOf: bytes) }
                          : String(decoding: bytes, as: UTF8.self)
    }

    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    public static func string(validating bytes: some Collection<UInt8>) -> String? {
        bytes.withContiguousStorageIfAvailable { string(validating: $0) } ?? string(validating: Array(bytes))
    }
}

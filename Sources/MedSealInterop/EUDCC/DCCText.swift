import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The text layers of an EU Digital COVID Certificate: `HC1:` + Base45( zlib( COSE ) ).
/// Each step throws a ``FormatError`` naming its layer (`prefix`, `Base45`, `zlib`), so a
/// verifier (and the conformance test) can tell where a text went wrong.
public enum DCCText {
    /// The context identifier of version 1 certificates.
    public static let prefix = "HC1:"
    /// Largest COSE message accepted after inflating (a QR code holds about 3 KB compressed).
    public static let maximumInflatedBytes = 64 * 1024

    /// Whether `text` claims to be an EU DCC (starts with `HC1:`, in any case).
    public static func claims(_ text: Substring) -> Bool {
        CaseFoldedPrefix.matches(text.utf8, prefix)
    }

    /// The Base45 text after the prefix.
    public static func unprefixed(_ text: String) throws(FormatError) -> Substring {
        let trimmed = TokenCodec.trimmingSpace(text)
        guard trimmed.utf8.count <= DecodingLimits.maximumTokenCharacters else {
            throw FormatError("token", "\(trimmed.utf8.count) characters is more than the \(DecodingLimits.maximumTokenCharacters)-character limit (no QR code holds that much)")
        }
        guard claims(trimmed) else {
            throw FormatError("prefix", "an EU DCC must start with \(prefix)")
        }
        return trimmed.dropFirst(prefix.count)
    }

    /// The compressed bytes inside the text (typed with Caps Lock on, too: see
    /// ``Base45/decodeTyped(_:)``).
    public static func compressed(_ text: String) throws(FormatError) -> [UInt8] {
        try Base45.decodeTyped(try unprefixed(text).utf8)
    }

    /// The COSE message inside the text. Uncompressed content is refused: the specification
    /// requires zlib.
    public static func message(_ text: String) throws(FormatError) -> [UInt8] {
        try Deflate.decompressZlib(try compressed(text), limit: maximumInflatedBytes)
    }
}

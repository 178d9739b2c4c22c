/// Hard limits applied to every untrusted input before any work is done on it.
///
/// They are far above what a real credential needs (the largest QR code holds
/// 4,296 alphanumeric characters) and far below what could exhaust memory or time.
public enum DecodingLimits {
    /// Longest token text accepted, in characters (prefix included). A QR code of version 40
    /// holds at most 4,296 alphanumeric characters.
    public static let maximumTokenCharacters = 4_296
    /// Largest result of inflating a compressed token body.
    public static let maximumInflatedBytes = 16 * 1024
    /// Deepest nesting of CBOR arrays, maps and tags.
    public static let maximumCBORDepth = 16
    /// Largest input file read by any command (JSON inputs, key files, token files).
    public static let maximumInputFileBytes = 1024 * 1024
    /// Largest trust bundle or trust index file (100,000 keys fit with room to spare).
    public static let maximumTrustFileBytes = 64 * 1024 * 1024
    /// Largest signed revocation list file (20 million entries of 9 bytes fit).
    public static let maximumRevocationFileBytes = 200 * 1024 * 1024
}

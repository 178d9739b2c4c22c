import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The framing of the verifier's small store files: an 8-byte magic naming the kind, the
/// SHA-256 of the payload, then the payload. A torn write or a flipped bit fails the check
/// and is reported, never silently trusted.
public enum SealedFile {
    static let checksumLength = 32
    static let headerLength = 8 + checksumLength

    /// The file's bytes for `payload`.
    public static func seal(_ payload: [UInt8], magic: String) -> [UInt8] {
        precondition(magic.utf8.count == 8)
        return Array(magic.utf8) + Sodium.sha256(payload) + payload
    }

    /// The payload of a sealed file, or a damage error naming `path` and, in `repair`, how to
    /// recover.
    public static func open(_ bytes: [UInt8], magic: String, path: String, repair: String, remedy: Remedy? = nil) throws(UserError) -> [UInt8] {
        guard bytes.count >= headerLength, Array(bytes[0..<8]) == Array(magic.utf8) else {
            throw UserError(.damaged, "\(path) is damaged: it does not start with \(magic); \(repair)", remedy: remedy)
        }
        let payload = Array(bytes[headerLength...])
        guard Sodium.sha256(payload) == Array(bytes[8..<headerLength]) else {
            throw UserError(.damaged, "\(path) is damaged: its checksum does not match its contents; \(repair)", remedy: remedy)
        }
        return payload
    }
}

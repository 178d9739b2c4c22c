import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Why a trust bundle or revocation list was not imported.
public struct ImportRejection: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The file is not a well-formed bundle or list.
        case malformed
        /// Signed by a key this verifier does not trust for it.
        case untrustedSigner = "untrusted-signer"
        /// The signature does not verify: the file was changed or forged.
        case badSignature = "bad-signature"
        /// The signing key's window does not contain the import moment, or the file was
        /// signed outside it.
        case signerNotValid = "signer-not-valid"
        /// It would trust an issuer whose name looks like another trusted issuer's.
        case lookAlikeIssuer = "look-alike-issuer"
        /// Not newer than the one already imported.
        case notNewer = "not-newer"
    }

    public var reason: Reason
    public var message: String
    /// What the person can do about it, worded by the command line (``Remedy``).
    public var remedy: Remedy?

    public init(_ reason: Reason, _ message: String, remedy: Remedy? = nil) {
        self.reason = reason
        self.message = message
        self.remedy = remedy
    }

    public var description: String { message }
}

/// What an import changed.
public struct ImportSummary: Sendable {
    /// Whether anything changed (false when the same file was imported before).
    public var changed: Bool
    /// One line for the person importing.
    public var message: String

    public init(changed: Bool, message: String) {
        self.changed = changed
        self.message = message
    }
}

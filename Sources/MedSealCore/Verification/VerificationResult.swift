import Foundation

/// Why a credential is or is not valid, as a stable code for machines.
public enum VerificationStatus: String, Hashable, Sendable, Codable {
    case valid
    /// The text is not a well-formed MedSeal token (exit status 2).
    case malformed
    /// No trusted key has the token's kid for its issuer.
    case unknownIssuer = "unknown-issuer"
    /// The header names an algorithm other than the trusted key's.
    case algorithmMismatch = "algorithm-mismatch"
    /// The signature does not verify: the token was changed or forged.
    case badSignature = "bad-signature"
    case expired
    case notYetValid = "not-yet-valid"
    /// The key signed the credential outside the key's validity window.
    case keyNotValid = "key-not-valid"
    /// The key may not sign this type of credential.
    case typeNotAllowed = "type-not-allowed"
}

/// One reason a verification failed (or, for warnings, deserves attention).
public struct VerificationReason: Hashable, Sendable {
    public var status: VerificationStatus
    public var message: String

    public init(_ status: VerificationStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// A credential whose signature verified under a trusted key.
public struct AuthenticCredential: Sendable {
    public let key: IssuerKey
    public let claims: CredentialClaims
}

/// The outcome of verifying one token, with every reason it is not valid.
public struct VerificationResult: Sendable {
    /// Every failed check; empty when valid.
    public var reasons: [VerificationReason]
    /// The kid from the token's header, when it could be read.
    public var kid: [UInt8]?
    /// The issuer the token claims, when it could be read.
    public var claimedIssuer: String?
    /// The credential, only when its signature verified under a trusted key.
    public var credential: AuthenticCredential?

    public var isValid: Bool { reasons.isEmpty && credential != nil }

    /// The first reason's status, or `valid`.
    public var status: VerificationStatus { reasons.first?.status ?? .valid }

    /// Whether the text could not be read as a token at all.
    public var isMalformed: Bool { status == .malformed }

    static func failure(_ status: VerificationStatus, _ message: String, kid: [UInt8]? = nil, issuer: String? = nil) -> VerificationResult {
        VerificationResult(reasons: [VerificationReason(status, message)], kid: kid, claimedIssuer: issuer, credential: nil)
    }
}

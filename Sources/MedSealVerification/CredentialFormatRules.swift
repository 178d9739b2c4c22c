import MedSealEncoding
import MedSealModel

/// What one credential format contributes to a verification; ``Verifier/verify(_:as:context:)``
/// runs the rest, the same way for every format:
///
///     parse → candidate keys → algorithm fixed by the key (the header must agree)
///           → signature, key by key → authenticate → policies and acceptance rules
///
/// MedSeal tokens, SMART Health Cards and EU DCCs are three conformances; another format is
/// one more, not another pipeline. A conformance never decides validity: it reads, finds keys,
/// checks a signature and says what the signed content is (with the facts only it can see,
/// such as a signing certificate's window, as `findings`).
public protocol CredentialFormatRules: Sendable {
    /// A credential read from text, nothing of it yet trusted.
    associatedtype Unverified: UnverifiedCredential
    /// A trusted key of this format.
    associatedtype Key

    /// Reads the text; a failure (usually `malformed`) when it is not one of this format's.
    func parse(_ text: String) throws(VerificationFailure) -> Unverified

    /// The trusted keys that may have signed it; a failure (`unknownIssuer`, `damagedStore`)
    /// when there are none or the store cannot say.
    func candidates(for credential: Unverified) throws(VerificationFailure) -> [Key]

    /// Whether the header's algorithm is the one `key` signs with (the key decides).
    func agreesOnAlgorithm(_ credential: Unverified, with key: Key) -> Bool

    /// The failure when no candidate's algorithm agrees with the header.
    func algorithmMismatch(_ credential: Unverified, candidates: [Key]) -> VerificationFailure

    /// Whether `key` signed it.
    func isSigned(_ credential: Unverified, by key: Key) throws(VerificationFailure) -> Bool

    /// The failure when no candidate's signature verifies.
    func badSignature(_ credential: Unverified, candidates: [Key]) -> VerificationFailure

    /// What the signed content says, once `key`'s signature verified (as of `context`): the authentic
    /// credential and the format's own findings; a failure when the signed content is
    /// unreadable or names another issuer than the key's.
    func authenticate(_ credential: inout Unverified, signedBy key: Key, context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason])

    /// Takes back what ``authenticate(_:signedBy:context:)`` moved out of `credential` into the
    /// authentic credential `result` holds, before the next candidate is tried (two keys can
    /// share a kid). Formats that move nothing need not implement it.
    func restore(_ credential: inout Unverified, from result: VerificationResult)
}

extension CredentialFormatRules {
    public func restore(_ credential: inout Unverified, from result: VerificationResult) {}
}

/// What every format's unverified credential tells a result that has no authentic credential.
public protocol UnverifiedCredential {
    /// The key id in MedSeal's bytes, when the format has one.
    var kid: [UInt8]? { get }
    /// The key id as the format writes it (a thumbprint, a base64 kid), when not hex.
    var keyID: String? { get }
    /// The issuer the credential claims, when it can be read before the signature.
    var claimedIssuer: String? { get }
}

/// Why a verification ended before an authentic credential was concluded on.
public struct VerificationFailure: Error, Sendable {
    public var status: VerificationStatus
    public var message: String
    public var kid: [UInt8]?
    public var keyID: String?
    public var issuer: String?
    /// What the person can do about it, worded by the command line (``Remedy``).
    public var remedy: Remedy?

    public init(_ status: VerificationStatus, _ message: String, kid: [UInt8]? = nil, keyID: String? = nil, issuer: String? = nil,
                remedy: Remedy? = nil) {
        self.status = status
        self.message = message
        self.kid = kid
        self.keyID = keyID
        self.issuer = issuer
        self.remedy = remedy
    }

    /// The same failure, with what `credential` tells (kid, key id, claimed issuer) where it
    /// says nothing itself.
    public func about(_ credential: some UnverifiedCredential) -> VerificationFailure {
        var failure = self
        failure.kid = failure.kid ?? credential.kid
        failure.keyID = failure.keyID ?? credential.keyID
        failure.issuer = failure.issuer ?? credential.claimedIssuer
        return failure
    }

    /// The result it makes.
    public var result: VerificationResult {
        var result = VerificationResult.failure(status, message, kid: kid, issuer: issuer, remedy: remedy)
        result.keyID = keyID
        return result
    }
}

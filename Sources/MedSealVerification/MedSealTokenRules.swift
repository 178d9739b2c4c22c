import MedSealEncoding
import MedSealModel

/// MedSeal's own tokens as a ``CredentialFormatRules`` conformance: prefix → Base45 → inflate
/// → COSE_Sign1 → the claims read (not yet trusted) → keys by kid within the claimed issuer
/// → EdDSA, fixed by the trusted key → the claims, moved into the authentic credential.
public struct MedSealTokenRules: CredentialFormatRules {
    public let trust: any TrustedKeyLookup

    public init(trust: any TrustedKeyLookup) { self.trust = trust }

    /// A token read, with its claims or their first problem (reported only once the signature
    /// verifies: then it is the issuer's error, not a forgery).
    public struct Unverified: UnverifiedCredential {
        let message: COSESign1
        /// The bytes the signature covers, built once for every key tried.
        let signed: [UInt8]
        let issuer: String
        var claims: Result<CredentialClaims, FormatError>
        public let kid: [UInt8]?
        public var keyID: String? { nil }
        public var claimedIssuer: String? { issuer }
    }

    /// What stands in the claims' place while they are in an authentic credential.
    static let moved = FormatError("claims", "moved")

    public func parse(_ text: String) throws(VerificationFailure) -> Unverified {
        let message: COSESign1
        let reading: CredentialClaims.Reading
        do {
            message = try COSESign1(decoding: TokenCodec.decode(text))
            reading = try CredentialClaims.read(message.payload)
        } catch {
            throw VerificationFailure(.malformed, error.description)
        }
        guard let kid = message.kid, (1...64).contains(kid.count) else {
            throw VerificationFailure(.malformed, "COSE: the protected header has no kid")
        }
        return Unverified(message: message, signed: message.bytesToSign, issuer: reading.issuer, claims: reading.claims, kid: kid)
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [IssuerKey] {
        let kid = credential.kid!
        do {
            let candidates = try trust.candidates(kid: kid, issuer: credential.issuer)
            guard candidates.isEmpty else { return candidates }
            let detail = try trust.knowsKid(kid) ? "the key \(ByteText.hex(kid)) is trusted, but not for issuer '\(credential.issuer)'" : "no trusted key has kid \(ByteText.hex(kid)) (issuer '\(credential.issuer)')"
            throw VerificationFailure(.unknownIssuer, "issuer not trusted on this computer: \(detail)", remedy: .importTrustBundle)
        } catch let error as UserError {
            throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy)
        } catch let failure as VerificationFailure {
            throw failure
        } catch {
            throw VerificationFailure(.damagedStore, "\(error)")
        }
    }

    public func agreesOnAlgorithm(_ credential: Unverified, with key: IssuerKey) -> Bool {
        credential.message.claimsAlgorithm(key.algorithm)
    }

    public func algorithmMismatch(_ credential: Unverified, candidates: [IssuerKey]) -> VerificationFailure {
        let claimed = credential.message.claimedAlgorithm.map { $0.intValue.map(String.init) ?? $0.kindName } ?? "none"
        return VerificationFailure(.algorithmMismatch, "the header names algorithm \(claimed), but the trusted key uses \(candidates[0].algorithm.name) (\(candidates[0].algorithm.rawValue))")
    }

    public func isSigned(_ credential: Unverified, by key: IssuerKey) -> Bool {
        Sodium.ed25519Verify(credential.message.signature, message: credential.signed, publicKey: key.publicKey)
    }

    public func badSignature(_ credential: Unverified, candidates: [IssuerKey]) -> VerificationFailure {
        VerificationFailure(.badSignature, "signature does not match: this credential was changed or forged")
    }

    /// The claims are moved into the credential, not copied (a copy retains every array and
    /// text of the document); ``restore(_:from:)`` gets them back for a rare next key.
    public func authenticate(_ credential: inout Unverified, signedBy key: IssuerKey, context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        var claims = Result<CredentialClaims, FormatError>.failure(Self.moved)
        swap(&claims, &credential.claims)
        switch claims {
        case .success(let read): return (AuthenticCredential(key: key, claims: read), [])
        case .failure(let error):
            throw VerificationFailure(.malformed, "signed by \(credential.issuer), but its content is unreadable: \(error.description)")
        }
    }

    public func restore(_ credential: inout Unverified, from result: VerificationResult) {
        if let claims = result.credential?.claims { credential.claims = .success(claims) }
    }
}

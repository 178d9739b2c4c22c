import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// SMART Health Cards as a ``CredentialFormatRules`` conformance: compact JWS → the trusted
/// keys with the header's kid → ES256 (the key's algorithm; the header must agree) →
/// signature over the still-compressed payload → only then inflate and parse the payload →
/// its `iss` must be the issuer of the key that verified → FHIR bundle → the issuer's CRL
/// (`rid`, `rid.T`, `ctr` against the key's `crlVersion`) and the key's x5c window as
/// findings. A card no trusted key verifies costs a signature check at most, never a large
/// inflate or parse.
public struct SHCRules: CredentialFormatRules {
    public let trust: InteropTrust

    public init(trust: InteropTrust) {
        self.trust = trust
    }

    /// A trusted signing key, the issuer it belongs to and its libcrypto key.
    public typealias SigningKey = SHCSigningKey

    public struct Unverified: UnverifiedCredential {
        let jws: SHCJWS
        public var kid: [UInt8]? { nil }
        public var keyID: String? { jws.kid }
        public var claimedIssuer: String? { nil }
    }

    public func parse(_ text: String) throws(VerificationFailure) -> Unverified {
        do { return Unverified(jws: try SHCJWS(text)) } catch { throw VerificationFailure(.malformed, error.description) }
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [SigningKey] {
        let kid = credential.jws.kid
        let trusted: [SigningKey]
        do {
            trusted = try trust.shcSigningKeys(kid: kid)
        } catch {
            throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy)
        }
        guard !trusted.isEmpty else {
            // Only a small payload is opened to say whom the card claims to be from.
            let claimed = (try? SHCPayload(compressed: credential.jws.compressedPayload, limit: SHCPayload.claimedIssuerInflateLimit))?.issuer
            throw VerificationFailure(.unknownIssuer, "no trusted SMART Health Card issuer has a key with kid \(kid)" + (claimed.map { " (the card claims issuer '\($0)'); it is not among the issuers trusted on this computer" } ?? ""), issuer: claimed)
        }
        return trusted
    }

    public func agreesOnAlgorithm(_ credential: Unverified, with key: SigningKey) -> Bool { credential.jws.algorithm == "ES256" }

    public func algorithmMismatch(_ credential: Unverified, candidates: [SigningKey]) -> VerificationFailure {
        VerificationFailure(.algorithmMismatch, "the header names algorithm \(credential.jws.algorithm), but the issuer's key signs with ES256", issuer: candidates[0].issuer.iss)
    }

    public func isSigned(_ credential: Unverified, by signing: SigningKey) throws(VerificationFailure) -> Bool {
        do { return try signing.publicKey.get().verifyES256(signature: credential.jws.signature, message: credential.jws.signingInput) } catch {
            throw VerificationFailure(.damagedStore, "the stored key \(signing.key.kid) is unreadable: \(error.description)", issuer: signing.issuer.iss)
        }
    }

    public func badSignature(_ credential: Unverified, candidates: [SigningKey]) -> VerificationFailure {
        let why = OpenSSL.es256FormProblem(credential.jws.signature) ?? "this card was changed or forged"
        return VerificationFailure(.badSignature, "signature does not match: \(why)", issuer: candidates[0].issuer.iss)
    }

    public func authenticate(_ credential: inout Unverified, signedBy signing: SigningKey,
                             context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        let (issuer, key, jws) = (signing.issuer, signing.key, credential.jws)
        let payload: SHCPayload
        do { payload = try SHCPayload(compressed: jws.compressedPayload) } catch {
            throw VerificationFailure(.malformed, "signed by a key of \(issuer.iss), but its content is unreadable: \(error.description)", issuer: issuer.iss)
        }
        // The key of one issuer never vouches for a card that names another.
        guard payload.issuer == issuer.iss else {
            throw VerificationFailure(.unknownIssuer, "the card names issuer '\(payload.issuer)', but the key that signed it (kid \(key.kid)) is trusted only for '\(issuer.iss)'", issuer: payload.issuer)
        }
        let record: InteropRecord
        do { record = try payload.record() } catch {
            throw VerificationFailure(.malformed, "signed by \(payload.issuer), but its content is unreadable: \(error.description)", issuer: payload.issuer)
        }
        let claims = CredentialClaims(issuer: payload.issuer, issuedAt: Int64(payload.notBefore.rounded(.down)),
                                      notBefore: Int64(payload.notBefore.rounded(.down)), expiresAt: payload.expires.map { Int64($0.rounded(.down)) },
                                      credentialID: payload.revocationID.map { Array($0.utf8) } ?? Array(OpenSSL.sha256(jws.signature).prefix(8)),
                                      document: .interop(record))
        let authentic = AuthenticCredential(format: .smartHealthCard, signer: ForeignSigner(name: payload.issuer, keyWord: "key", keyID: key.kid), claims: claims)
        return (authentic, revocationFindings(issuer, key, payload) + certificateFindings(key, payload))
    }

    /// The CRL check: revoked when the card's rid is listed (and, for `rid.T`, issued
    /// before T); a warning when the issuer publishes a CRL for the key but none, or an older
    /// one, is imported (``ListFreshnessPolicy`` makes it a failure when lists are required).
    func revocationFindings(_ issuer: SHCIssuer, _ key: SHCKey, _ payload: SHCPayload) -> [VerificationReason] {
        let list = issuer.revocationList(kid: key.kid)
        var findings = [VerificationReason]()
        if let rid = payload.revocationID, let list, list.revokes(rid: rid, notBefore: payload.notBefore) {
            findings.append(VerificationReason(.revoked, "revoked by the issuer (CRL version \(list.ctr) of key \(key.kid))"))
        }
        if let version = key.crlVersion {
            if list == nil {
                let message = "the issuer publishes a CRL for key \(key.kid), but none is imported: a revoked card cannot be recognised"
                findings.append(.warning(.noRevocationList, message, remedy: .importSHCIssuer))
            } else if let list, list.ctr < version {
                let message = "the imported CRL of key \(key.kid) is version \(list.ctr), but the issuer's key says version \(version) exists"
                findings.append(.warning(.staleList, message, remedy: .importSHCIssuer))
            }
        }
        return findings
    }

    /// A warning when the key's x5c certificate did not cover the card's issue time: the
    /// key is trusted because its JWKS was imported, not because of that certificate.
    func certificateFindings(_ key: SHCKey, _ payload: SHCPayload) -> [VerificationReason] {
        guard let from = key.certificateNotBefore, let until = key.certificateNotAfter else { return [] }
        let issued = Int64(payload.notBefore.rounded(.down))
        guard issued < from || issued > until else { return [] }
        return [.warning(.keyNotValid, "the key's x5c certificate was valid only from \(HumanTime.describe(from)) to \(HumanTime.describe(until)), not when this card was issued (\(HumanTime.describe(issued))); the key is trusted because its JWKS was imported")]
    }
}

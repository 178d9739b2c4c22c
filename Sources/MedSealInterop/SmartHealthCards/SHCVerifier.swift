import Foundation
import MedSealCore

/// Verifies SMART Health Cards offline against imported issuer keys and CRLs.
///
/// The pipeline: QR text (chunks joined) or file → compact JWS → the trusted keys with the
/// header's kid → ES256 (the key's algorithm; the header must agree) → signature over the
/// still-compressed payload → only then inflate and parse the payload → its `iss` must be the
/// issuer of the key that verified → FHIR bundle → the issuer's CRL (`rid`, `rid.T`, `ctr`
/// against the key's `crlVersion`) → MedSeal's shared policies and acceptance rules. A card
/// no trusted key verifies costs a signature check at most, never a large inflate or parse.
public struct SHCVerifier: Sendable {
    /// Supplies the shared policies and rules.
    public let base: Verifier
    public let trust: InteropTrust

    public init(base: Verifier, trust: InteropTrust) {
        self.base = base
        self.trust = trust
    }

    /// Verifies the one card in `text` (QR text or texts, file, or JWS).
    public func verify(_ text: String, context: VerificationContext) -> VerificationResult {
        let credentials: [String]
        do {
            credentials = try SHCText.credentials(text)
        } catch {
            return .failure(.malformed, error.description)
        }
        guard credentials.count == 1 else {
            return .failure(.malformed, "file: it holds \(credentials.count) cards; verify the file with 'medseal-verify --file FILE' to check each")
        }
        return verify(jws: credentials[0], context: context)
    }

    /// Verifies one compact JWS.
    public func verify(jws text: String, context: VerificationContext) -> VerificationResult {
        let jws: SHCJWS
        do { jws = try SHCJWS(text) } catch { return .failure(.malformed, error.description) }
        let failure = { (status: VerificationStatus, message: String, issuer: String?) -> VerificationResult in
            var result = VerificationResult.failure(status, message, issuer: issuer)
            result.keyID = jws.kid
            return result
        }
        let trusted: [(issuer: SHCIssuer, key: SHCKey)]
        do {
            trusted = try trust.shc().issuers.flatMap { issuer in issuer.keys.filter { $0.kid == jws.kid }.map { (issuer, $0) } }
        } catch {
            return failure(.damagedStore, error.message, nil)
        }
        guard !trusted.isEmpty else {
            // Only a small payload is opened to say whom the card claims to be from.
            let claimed = (try? SHCPayload(compressed: jws.compressedPayload, limit: SHCPayload.claimedIssuerInflateLimit))?.issuer
            return failure(.unknownIssuer, "no trusted SMART Health Card issuer has a key with kid \(jws.kid)" + (claimed.map { " (the card claims issuer '\($0)'); it is not among the issuers trusted on this computer" } ?? ""), claimed)
        }
        guard jws.algorithm == "ES256" else {
            return failure(.algorithmMismatch, "the header names algorithm \(jws.algorithm), but the issuer's key signs with ES256", trusted[0].issuer.iss)
        }
        var signer: (issuer: SHCIssuer, key: SHCKey)?
        for candidate in trusted {
            do {
                if try trust.publicKey(candidate.key).verifyES256(signature: jws.signature, message: jws.signingInput) {
                    signer = candidate
                    break
                }
            } catch {
                return failure(.damagedStore, "the stored key \(candidate.key.kid) is unreadable: \(error.description)", candidate.issuer.iss)
            }
        }
        guard let (issuer, key) = signer else {
            return failure(.badSignature, "signature does not match: this card was changed or forged", trusted[0].issuer.iss)
        }
        let payload: SHCPayload
        do { payload = try SHCPayload(compressed: jws.compressedPayload) } catch {
            return failure(.malformed, "signed by a key of \(issuer.iss), but its content is unreadable: \(error.description)", issuer.iss)
        }
        // The key of one issuer never vouches for a card that names another.
        guard payload.issuer == issuer.iss else {
            return failure(.unknownIssuer, "the card names issuer '\(payload.issuer)', but the key that signed it (kid \(key.kid)) is trusted only for '\(issuer.iss)'", payload.issuer)
        }
        let record: InteropRecord
        do {
            record = try payload.record()
        } catch {
            return failure(.malformed, "signed by \(payload.issuer), but its content is unreadable: \(error.description)", payload.issuer)
        }
        let claims = CredentialClaims(issuer: payload.issuer, issuedAt: Int64(payload.notBefore.rounded(.down)),
                                      notBefore: Int64(payload.notBefore.rounded(.down)), expiresAt: payload.expires.map { Int64($0.rounded(.down)) },
                                      credentialID: payload.revocationID.map { Array($0.utf8) } ?? Array(OpenSSL.sha256(jws.signature).prefix(8)),
                                      document: .interop(record))
        let credential = AuthenticCredential(format: .smartHealthCard, signer: "\(payload.issuer) (key \(key.kid))", claims: claims)
        var result = base.conclude(credential, kid: nil, findings: revocationFindings(issuer, key, payload) + certificateFindings(key, payload),
                                   context: context)
        result.keyID = key.kid
        return result
    }

    /// Whether lists must be present and current (`--require-fresh-lists`, `--max-list-age`).
    var listsRequired: Bool {
        base.policies.contains { ($0 as? ListFreshnessPolicy).map { $0.requireFresh || $0.maximumAge != nil } ?? false }
    }

    /// The CRL check: revoked when the card's rid is listed (and, for `rid.T`, issued
    /// before T); a warning (a failure when lists are required) when the issuer publishes a
    /// CRL for the key but none, or an older one, is imported.
    func revocationFindings(_ issuer: SHCIssuer, _ key: SHCKey, _ payload: SHCPayload) -> [VerificationReason] {
        let list = issuer.revocationList(kid: key.kid)
        var findings = [VerificationReason]()
        if let rid = payload.revocationID, let list, list.revokes(rid: rid, notBefore: payload.notBefore) {
            findings.append(VerificationReason(.revoked, "revoked by the issuer (CRL version \(list.ctr) of key \(key.kid))"))
        }
        if let version = key.crlVersion {
            if list == nil {
                let message = "the issuer publishes a CRL for key \(key.kid), but none is imported: a revoked card cannot be recognised (import it with 'medseal-verify trust import-shc ISS JWKS CRL')"
                findings.append(listsRequired ? VerificationReason(.noRevocationList, message) : .warning(.noRevocationList, message))
            } else if let list, list.ctr < version {
                let message = "the imported CRL of key \(key.kid) is version \(list.ctr), but the issuer's key says version \(version) exists"
                findings.append(listsRequired ? VerificationReason(.staleList, message) : .warning(.staleList, message))
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

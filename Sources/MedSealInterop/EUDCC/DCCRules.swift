import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// EU Digital COVID Certificates as a ``CredentialFormatRules`` conformance: `HC1:` → Base45
/// → zlib → COSE_Sign1 → every trusted certificate with the kid (when the header names none,
/// those of the country the claims name) → algorithm fixed by the certificate's key (P-256: ES256,
/// RSA: PS256; the header must agree) → signature → CWT claims and `hcert` (decoded once) →
/// the certificate's rules (validity window, extended key usage) as findings.
public struct DCCRules: CredentialFormatRules {
    public let trust: InteropTrust

    public init(trust: InteropTrust) { self.trust = trust }

    public struct Unverified: UnverifiedCredential {
        let message: DCCMessage
        let signed: [UInt8]
        public let kid: [UInt8]?
        public let keyID: String?
        public var claimedIssuer: String? { nil }
        /// The payload, decoded when the first certificate's signature verified.
        var payload: DCCPayload?
    }

    public func parse(_ text: String) throws(VerificationFailure) -> Unverified {
        let message: DCCMessage
        do { message = try DCCMessage(decoding: DCCText.message(text)) } catch { throw VerificationFailure(.malformed, error.description) }
        // A certificate that names no kid is still checked (see candidates): the kid only
        // chooses which keys to try, and the signature decides.
        let kid = message.kid
        if let kid, kid.count > 64 { throw VerificationFailure(.malformed, "COSE: a kid of \(kid.count) bytes (at most 64)") }
        return Unverified(message: message, signed: message.bytesToSign, kid: kid, keyID: kid.map { Data($0).base64EncodedString() })
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [X509Certificate] {
        if let kid = credential.kid {
            let certificates = try storeAnswer { () throws(UserError) in try trust.dccCertificates(kid: kid) }
            guard !certificates.isEmpty else {
                throw VerificationFailure(.unknownIssuer, "no trusted EU DCC signing certificate has kid \(credential.keyID ?? "")", remedy: .importDCCSigners)
            }
            return certificates
        }
        // Without a kid: the certificates of the country the content claims (claim 1, read
        // before the signature only to choose keys; the signature decides), or every one when
        // it names none, so that such a certificate costs one country's keys, not the list's.
        let claimed = DCCPayload.claimedCountry(credential.message.payload)
        let certificates = try storeAnswer { () throws(UserError) in try trust.allDCCCertificates() }
            .filter { claimed == nil || $0.country?.uppercased() == claimed }
        guard !certificates.isEmpty else {
            let place = claimed.map { " of \($0)" } ?? ""
            throw VerificationFailure(.unknownIssuer, "the certificate names no kid, and no EU DCC signing certificate\(place) is trusted here", remedy: .importDCCSigners)
        }
        return certificates
    }

    /// What the store answers, or a damaged-store failure.
    private func storeAnswer(_ read: () throws(UserError) -> [X509Certificate]) throws(VerificationFailure) -> [X509Certificate] {
        do { return try read() } catch { throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy) }
    }

    public func agreesOnAlgorithm(_ credential: Unverified, with certificate: X509Certificate) -> Bool {
        DCCVerifier.algorithm(for: certificate.publicKey) == credential.message.claimedAlgorithm
    }

    public func algorithmMismatch(_ credential: Unverified, candidates: [X509Certificate]) -> VerificationFailure {
        let claimed = credential.message.claimedAlgorithm.map(String.init) ?? "none"
        return VerificationFailure(.algorithmMismatch, "the header names algorithm \(claimed), but the trusted certificate's \(candidates[0].publicKey) key signs with \(DCCVerifier.algorithm(for: candidates[0].publicKey))")
    }

    public func isSigned(_ credential: Unverified, by certificate: X509Certificate) -> Bool {
        switch certificate.publicKey.kind {
        case .p256: return certificate.publicKey.verifyES256(signature: credential.message.signature, message: credential.signed)
        case .rsa: return certificate.publicKey.verifyPS256(signature: credential.message.signature, message: credential.signed)
        }
    }

    public func badSignature(_ credential: Unverified, candidates: [X509Certificate]) -> VerificationFailure {
        guard credential.kid != nil else {
            return VerificationFailure(.unknownIssuer, "the certificate names no kid, and none of the \(EnglishCount.of(candidates.count, "trusted EU DCC signing certificate")) verifies its signature", remedy: .importDCCSigners)
        }
        let malformed = credential.message.claimedAlgorithm == COSESign1.Algorithm.es256.rawValue ? OpenSSL.es256FormProblem(credential.message.signature) : nil
        return VerificationFailure(.badSignature, "signature does not match: \(malformed ?? "this certificate was changed or forged")")
    }

    public func authenticate(_ credential: inout Unverified, signedBy certificate: X509Certificate,
                             context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        if credential.payload == nil {
            do { credential.payload = try DCCPayload(decoding: credential.message.payload) } catch {
                throw VerificationFailure(.malformed, "signed by a trusted certificate, but its content is unreadable: \(error.description)")
            }
        }
        let payload = credential.payload!
        let claims = CredentialClaims(issuer: payload.country ?? "EU DCC", issuedAt: payload.issuedAt, expiresAt: payload.expiresAt,
                                      credentialID: payload.record.certificateID.map { Array($0.utf8) } ?? Array(OpenSSL.sha256(credential.message.signature).prefix(8)),
                                      document: .interop(payload.record))
        // Revocation lists are kept by the signing certificate's kid, which is also the one shown
        // when the certificate names none.
        let kid = credential.kid ?? DCCTrustList.kid(der: certificate.der)
        var authentic = AuthenticCredential(format: .euDCC, signer: ForeignSigner(kind: "\(payload.scheme) signing certificate", name: certificate.subject, keyWord: "kid",
                                                                                  keyID: credential.keyID ?? Data(kid).base64EncodedString()), claims: claims)
        authentic.ruleInput = (payload.healthCertificate, DCCVerifier.ruleKind(payload.record.kind), payload.country)
        let (certificateID, country, signature, algorithm) = (payload.record.certificateID, payload.country, credential.message.signature,
                                                            credential.message.claimedAlgorithm)
        authentic.revocationLookup = ForeignRevocationLookup(list: DCCRevocation.listName(kid: kid)) {
            DCCRevocation.hashes(certificateID: certificateID, country: country, signature: signature, algorithm: algorithm)
                .map { DCCRevocation.entryHash($0.0, $0.1) }
        }
        return (authentic, DCCVerifier.certificateFindings(certificate, payload, context: context))
    }
}

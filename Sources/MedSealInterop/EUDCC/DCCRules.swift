import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// EU Digital COVID Certificates as a ``CredentialFormatRules`` conformance: `HC1:` → Base45
/// → zlib → COSE_Sign1 → every trusted certificate with the kid → algorithm fixed by the
/// certificate's key (P-256: ES256, RSA: PS256; the header must agree) → signature → CWT
/// claims and `hcert` (decoded once) → the certificate's rules (validity window, extended key
/// usage) as findings.
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
        guard let kid = message.kid, (1...64).contains(kid.count) else {
            throw VerificationFailure(.malformed, "COSE: no kid in the protected or unprotected header")
        }
        return Unverified(message: message, signed: message.bytesToSign, kid: kid, keyID: Data(kid).base64EncodedString())
    }

    public func candidates(for credential: Unverified) throws(VerificationFailure) -> [X509Certificate] {
        let certificates: [X509Certificate]
        do { certificates = try trust.dccCertificates(kid: credential.kid!) } catch { throw VerificationFailure(.damagedStore, error.message, remedy: error.remedy) }
        guard !certificates.isEmpty else {
            throw VerificationFailure(.unknownIssuer, "no trusted EU DCC signing certificate has kid \(credential.keyID!)", remedy: .importDCCSigners)
        }
        return certificates
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
        VerificationFailure(.badSignature, "signature does not match: this certificate was changed or forged")
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
        var authentic = AuthenticCredential(format: .euDCC, signer: ForeignSigner(kind: "\(payload.scheme) signing certificate", name: certificate.subject, keyWord: "kid", keyID: credential.keyID!), claims: claims)
        authentic.ruleInput = (payload.healthCertificate, DCCVerifier.ruleKind(payload.record.kind), payload.country)
        let (certificateID, country, signature, algorithm, kid) = (payload.record.certificateID, payload.country, credential.message.signature,
                                                                 credential.message.claimedAlgorithm, credential.kid!)
        authentic.revocationLookup = ForeignRevocationLookup(list: DCCRevocation.listName(kid: kid)) {
            DCCRevocation.hashes(certificateID: certificateID, country: country, signature: signature, algorithm: algorithm)
                .map { DCCRevocation.entryHash($0.0, $0.1) }
        }
        return (authentic, DCCVerifier.certificateFindings(certificate, payload, context: context))
    }
}

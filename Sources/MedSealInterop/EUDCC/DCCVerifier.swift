import Foundation
import MedSealCore

/// Verifies EU Digital COVID Certificates offline against trusted document signing
/// certificates.
///
/// The pipeline: `HC1:` → Base45 → zlib → COSE_Sign1 → every trusted certificate with the
/// kid → algorithm fixed by the certificate's key (P-256: ES256, RSA: PS256; the header
/// must agree) → signature → CWT claims and `hcert` → the certificate's rules (validity
/// window, extended key usage) → MedSeal's shared policies and acceptance rules.
public struct DCCVerifier: Sendable {
    /// Supplies the shared policies and rules (its MedSeal trust is not used here).
    public let base: Verifier
    public let trust: InteropTrust

    public init(base: Verifier, trust: InteropTrust) {
        self.base = base
        self.trust = trust
    }

    /// Extended key usage OIDs that limit what a signing certificate may sign, and the
    /// misspelt variants in use.
    static let usageKinds: [String: DocumentKind] = [
        "1.3.6.1.4.1.1847.2021.1.1": .testResult, "1.3.6.1.4.1.1847.2021.1.2": .vaccination, "1.3.6.1.4.1.1847.2021.1.3": .recovery,
        "1.3.6.1.4.1.0.1847.2021.1.1": .testResult, "1.3.6.1.4.1.0.1847.2021.1.2": .vaccination, "1.3.6.1.4.1.0.1847.2021.1.3": .recovery,
    ]

    public func verify(_ text: String, context: VerificationContext) -> VerificationResult {
        let message: DCCMessage
        do {
            message = try DCCMessage(decoding: DCCText.message(text))
        } catch {
            return .failure(.malformed, error.description)
        }
        guard let kid = message.kid, (1...64).contains(kid.count) else {
            return .failure(.malformed, "COSE: no kid in the protected or unprotected header")
        }
        let kidText = Data(kid).base64EncodedString()
        let failure = { (status: VerificationStatus, message: String) -> VerificationResult in
            var result = VerificationResult.failure(status, message, kid: kid, issuer: nil)
            result.keyID = kidText
            return result
        }
        let certificates: [X509Certificate]
        do {
            certificates = try trust.dccCertificates(kid: kid)
        } catch {
            return failure(.damagedStore, error.message)
        }
        guard !certificates.isEmpty else {
            return failure(.unknownIssuer, "no trusted EU DCC signing certificate has kid \(kidText) (import the signer's certificates with 'medseal-verify trust import-dcc DIR')")
        }
        let agreeing = certificates.filter { Self.algorithm(for: $0.publicKey) == message.claimedAlgorithm }
        guard !agreeing.isEmpty else {
            let claimed = message.claimedAlgorithm.map(String.init) ?? "none"
            return failure(.algorithmMismatch, "the header names algorithm \(claimed), but the trusted certificate's \(certificates[0].publicKey) key signs with \(Self.algorithm(for: certificates[0].publicKey))")
        }
        let signed = message.bytesToSign
        let signers = agreeing.filter { certificate in
            switch certificate.publicKey.kind {
            case .p256: return certificate.publicKey.verifyES256(signature: message.signature, message: signed)
            case .rsa: return certificate.publicKey.verifyPS256(signature: message.signature, message: signed)
            }
        }
        guard !signers.isEmpty else {
            return failure(.badSignature, "signature does not match: this certificate was changed or forged")
        }
        let payload: DCCPayload
        do {
            payload = try DCCPayload(decoding: message.payload)
        } catch {
            return failure(.malformed, "signed by a trusted certificate, but its content is unreadable: \(error.description)")
        }
        let signature = message.signature
        let claims = CredentialClaims(issuer: payload.country ?? "EU DCC", issuedAt: payload.issuedAt, expiresAt: payload.expiresAt,
                                      credentialID: payload.record.certificateID.map { Array($0.utf8) } ?? Array(OpenSSL.sha256(signature).prefix(8)),
                                      document: .interop(payload.record))
        var first: VerificationResult?
        for certificate in signers {
            let credential = AuthenticCredential(format: .euDCC, signer: "EU DCC signing certificate \(certificate.subject) (kid \(kidText))", claims: claims)
            var result = base.conclude(credential, kid: kid, findings: Self.certificateFindings(certificate, payload, context: context), context: context)
            result.keyID = kidText
            if result.isValid { return result }
            first = first ?? result
        }
        return first!
    }

    /// The COSE algorithm a key signs with: ES256 (-7) for P-256, PS256 (-37) for RSA.
    static func algorithm(for key: ForeignPublicKey) -> Int64 {
        switch key.kind {
        case .p256: return COSESign1.Algorithm.es256.rawValue
        case .rsa: return COSESign1.Algorithm.ps256.rawValue
        }
    }

    /// The signing certificate's own rules: it was valid when the credential was issued, it
    /// outlasts the credential, and its extended key usages (if any DCC usage is named)
    /// allow the credential's kind.
    public static func certificateFindings(_ certificate: X509Certificate, _ payload: DCCPayload, context: VerificationContext) -> [VerificationReason] {
        var findings = [VerificationReason]()
        var window: String { "\(HumanTime.describe(certificate.notBefore)) to \(HumanTime.describe(certificate.notAfter))" }
        if payload.issuedAt + context.clockSkew < certificate.notBefore || payload.issuedAt - context.clockSkew > certificate.notAfter {
            findings.append(VerificationReason(.keyNotValid, "issued on \(HumanTime.describe(payload.issuedAt)), outside its signing certificate's validity (\(window))"))
        } else if payload.expiresAt > certificate.notAfter + context.clockSkew {
            findings.append(VerificationReason(.keyNotValid, "valid until \(HumanTime.describe(payload.expiresAt)), after its signing certificate ends (\(window))"))
        }
        let allowed = Set(certificate.extendedKeyUsages.compactMap { usageKinds[$0] })
        if !allowed.isEmpty && !allowed.contains(payload.record.kind) {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            findings.append(VerificationReason(.typeNotAllowed, "its signing certificate may sign only \(names) certificates, not \(payload.record.kind.rawValue)"))
        }
        return findings
    }
}

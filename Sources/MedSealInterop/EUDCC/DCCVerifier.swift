import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// Verifies EU Digital COVID Certificates offline against trusted document signing
/// certificates.
///
/// The engine (``Verifier/verify(_:as:context:)``) with ``DCCRules``, and the signing
/// certificate's own rules as findings.
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
        base.verify(text, as: DCCRules(trust: trust), context: context)
    }

    /// The certificate type business rules name (`Vaccination`, `Test`, `Recovery`, `General`).
    static func ruleKind(_ kind: DocumentKind) -> String {
        switch kind {
        case .vaccination: return "Vaccination"
        case .testResult: return "Test"
        case .recovery: return "Recovery"
        default: return "General"
        }
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
        } else if let expiresAt = payload.expiresAt, expiresAt > certificate.notAfter + context.clockSkew {
            findings.append(VerificationReason(.keyNotValid, "valid until \(HumanTime.describe(expiresAt)), after its signing certificate ends (\(window))"))
        }
        let allowed = Set(certificate.extendedKeyUsages.compactMap { usageKinds[$0] })
        if !allowed.isEmpty && !allowed.contains(payload.record.kind) {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            findings.append(VerificationReason(.typeNotAllowed, "its signing certificate may sign only \(names) certificates, not \(payload.record.kind.rawValue)"))
        }
        return findings
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// Verifies SMART Health Cards offline against imported issuer keys and CRLs: QR text (chunks
/// joined) or file → each compact JWS through the engine (``Verifier/verify(_:as:context:)``)
/// with ``SHCRules``.
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
            return .failure(.malformed, "file: it holds \(credentials.count) cards, not one", remedy: .verifyEachInFile)
        }
        return verify(jws: credentials[0], context: context)
    }

    /// Verifies one compact JWS.
    public func verify(jws text: String, context: VerificationContext) -> VerificationResult {
        base.verify(text, as: SHCRules(trust: trust), context: context)
    }
}

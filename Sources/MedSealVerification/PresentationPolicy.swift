import MedSealEncoding
import MedSealModel

/// The terms of a presentation, for credentials that are one: within the time its holder
/// gave it (and never past its credential's expiry), for the audience and in answer to the
/// challenge the verifier requires, and from a credential that keeps the safety floor.
public struct PresentationPolicy: VerificationPolicy {
    public init() {}

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        guard let facts = credential.presentation else { return nil }
        let binding = facts.binding, now = context.nowSeconds
        if !facts.floorProblems.isEmpty {
            return VerificationReason(.criticalWithheld, "the credential breaks the safety floor: " + facts.floorProblems.joined(separator: "; "))
        }
        if let end = credential.claims.expiresAt, binding.expiresAt > end {
            return VerificationReason(.presentationExpired, "the presentation claims to last until \(Timestamps.format(epochSeconds: binding.expiresAt)), after its credential expires (\(Timestamps.format(epochSeconds: end)))")
        }
        if now > binding.expiresAt + context.clockSkew {
            return VerificationReason(.presentationExpired, "the presentation ended at \(Timestamps.format(epochSeconds: binding.expiresAt))")
        }
        if binding.issuedAt > now + context.clockSkew {
            return VerificationReason(.presentationExpired, "the presentation was made in the future (\(Timestamps.format(epochSeconds: binding.issuedAt))): check this computer's clock")
        }
        if let wanted = context.audience, binding.audience != wanted {
            return VerificationReason(.wrongAudience, "made for \(binding.audience.map { "'\($0)'" } ?? "no audience"), but this verifier requires '\(wanted)'")
        }
        if let wanted = context.nonce, binding.nonce != wanted {
            return VerificationReason(.wrongNonce, binding.nonce == nil ? "the presentation answers no challenge, but this verifier asked one" : "the presentation answers another challenge than this verifier's")
        }
        return nil
    }
}

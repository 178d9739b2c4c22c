import MedSealEncoding
import MedSealModel

/// Warns (or, when strict, fails) when the verification moment is earlier than a time the
/// verifier has already seen: the clock may have been set back to revive expired credentials.
public struct ClockPolicy: VerificationPolicy {
    /// The latest time the verifier knows has happened, seconds since 1970.
    public let latestKnownTime: Int64
    /// Whether a clock set back makes every verification fail (`--strict-clock`).
    public let strict: Bool

    public init(latestKnownTime: Int64, strict: Bool) {
        self.latestKnownTime = latestKnownTime
        self.strict = strict
    }

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        let now = context.nowSeconds
        guard now + context.clockSkew < latestKnownTime else { return nil }
        let message = "this computer's clock says \(HumanTime.describe(now)), but this verifier has already seen \(HumanTime.describe(latestKnownTime)): the clock may have been set back \(HumanTime.span(latestKnownTime - now))"
        return strict ? VerificationReason(.clockSetBack, message) : .warning(.clockSetBack, message)
    }
}

import MedSealEncoding
import MedSealModel

/// A destination's business rules at a checkpoint (`--country CC`): the Gateway rules and
/// value sets imported into the store, applied to every credential that carries what they read
/// (EU DCCs): the destination's acceptance rules and the issuing country's invalidation
/// rules in force at the verification moment. Rules that are missing for the country, or
/// imported too long ago, are a warning, never a silent pass (a failure when fresh lists are
/// required).
public struct CheckpointRules: Sendable {
    public let rules: GatewayRuleSet?
    public let country: String
    /// The language of the rule descriptions shown (their English when it has none).
    public let language: String
    public let requireFresh: Bool

    /// Rules imported longer ago than this are stale (the Gateway publishes changes daily).
    public static let freshFor: Int64 = 7 * 86_400

    public init(rules: GatewayRuleSet?, country: String, language: String, requireFresh: Bool) {
        self.rules = rules
        self.country = country.uppercased()
        self.language = language
        self.requireFresh = requireFresh
    }

    /// The outcome of each applicable rule, and what is wrong with the rules themselves.
    public func judge(_ credential: AuthenticCredential, now: Int64) -> (outcomes: [RuleOutcome], findings: [VerificationReason]) {
        guard let input = credential.ruleInput else { return ([], []) }
        func finding(_ status: VerificationStatus, _ message: String) -> VerificationReason {
            requireFresh ? VerificationReason(status, message) : .warning(status, message)
        }
        guard let rules, rules.hasRules(for: country) else {
            return ([], [finding(.noRules, "no business rules of \(country) are imported here (medseal-verify trust import-rules DIR), so the certificate was not checked against them")])
        }
        var findings = [VerificationReason]()
        if now - rules.importedAt > Self.freshFor {
            findings.append(finding(.staleRules, "the business rules were imported \((now - rules.importedAt) / 86_400) days ago; import the current ones"))
        }
        let data = rules.context(payload: LogicValue(cbor: input.payload), country: country, issuingCountry: input.issuingCountry,
                                 issuedAt: credential.claims.issuedAt, expiresAt: credential.claims.expiresAt, now: now * 1_000)
        let outcomes = rules.applicable(country: country, issuingCountry: input.issuingCountry, kind: input.kind, at: now * 1_000).map { rule in
            RuleOutcome(ruleID: rule.identifier, ruleName: "\(rule.identifier) \(rule.description(in: language))",
                        shortfalls: GatewayRuleSet.isMet(rule, on: data) ? [] : [.businessRule])
        }
        return (outcomes, findings)
    }
}

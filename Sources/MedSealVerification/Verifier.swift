import Foundation
import MedSealEncoding
import MedSealModel

/// The verification engine: one pipeline for every credential format, with no network.
///
/// A format (``CredentialFormatRules``: MedSeal tokens, SMART Health Cards, EU DCCs) reads the
/// text, names the candidate keys and checks a signature; the engine runs candidates →
/// algorithm fixed by the trusted key (never by the header alone) → signature → the format's
/// reading of the signed content → every ``VerificationPolicy`` → every acceptance rule.
/// ``verify(_:context:)`` verifies MedSeal tokens (``MedSealTokenRules``) with ``trust``.
public struct Verifier: Sendable {
    public var trust: any TrustedKeyLookup
    public var policies: [any VerificationPolicy]
    /// Acceptance rules checked after the policies (`--rules`); an unmet rule is a failure.
    public var rules: [AcceptanceRule] = []
    /// A destination's business rules (`--country`), checked after the acceptance rules.
    public var checkpointRules: CheckpointRules?

    /// The checks every MedSeal verification runs after the signature.
    public static let standardPolicies: [any VerificationPolicy] = [ValidityPeriodPolicy(), KeyWindowPolicy(), CredentialTypePolicy(), PresentationPolicy()]

    public init(trust: any TrustedKeyLookup, policies: [any VerificationPolicy] = Verifier.standardPolicies) {
        self.trust = trust
        self.policies = policies
    }

    /// Verifies MedSeal token text as of `context.now`.
    public func verify(_ text: String, context: VerificationContext = VerificationContext()) -> VerificationResult {
        verify(text, as: MedSealTokenRules(trust: trust), context: context)
    }

    /// Verifies `text` in `format`: the one pipeline of every format (see
    /// ``CredentialFormatRules``). Keys whose algorithm agrees with the header are tried in
    /// turn; the first that signed it and passes every check wins, else the first verdict on
    /// a signed credential, else why none signed it.
    @inlinable
    public func verify<Format: CredentialFormatRules>(_ text: String, as format: Format, context: VerificationContext) -> VerificationResult {
        var credential: Format.Unverified
        do { credential = try format.parse(text) } catch { return error.result }
        do throws(VerificationFailure) {
            let candidates = try format.candidates(for: credential)
            var agreeing = 0
            var first: VerificationResult?
            for key in candidates where format.agreesOnAlgorithm(credential, with: key) {
                agreeing += 1
                guard try format.isSigned(credential, by: key) else { continue }
                if let first { format.restore(&credential, from: first) }
                let (authentic, findings) = try format.authenticate(&credential, signedBy: key, context: context)
                var result = conclude(authentic, kid: credential.kid, findings: findings, context: context)
                result.keyID = credential.keyID
                if result.isValid { return result }
                first = first ?? result
            }
            guard agreeing > 0 else { throw format.algorithmMismatch(credential, candidates: candidates) }
            if let first { return first }
            throw format.badSignature(credential, candidates: candidates)
        } catch {
            return error.about(credential).result
        }
    }

    /// The verdict on an authentic credential of any format: the format's own findings
    /// (`findings`, such as a certificate's key usage), then every policy, then every
    /// acceptance rule. The credential is taken, not copied, into the result: a copy
    /// retained every array and text of the document, once per verification.
    public func conclude(_ credential: consuming AuthenticCredential, kid: [UInt8]?, findings: [VerificationReason] = [],
                         context: VerificationContext) -> VerificationResult {
        var reasons: [VerificationReason] = [], warnings: [VerificationReason] = []
        for reported in findings {
            let finding = policies.reduce(reported) { $1.review($0) }
            finding.severity == .failure ? reasons.append(finding) : warnings.append(finding)
        }
        for policy in policies {
            guard let finding = policy.check(credential, in: context) else { continue }
            finding.severity == .failure ? reasons.append(finding) : warnings.append(finding)
        }
        var outcomes: [RuleOutcome] = []
        if !rules.isEmpty {
            let today = FullDate(epochSeconds: context.nowSeconds)
            outcomes = rules.map { $0.evaluate(credential.claims.document, on: today) }
            for outcome in outcomes where !outcome.isMet { reasons.append(VerificationReason(.ruleNotMet, outcome.description)) }
        }
        if let checkpointRules {
            let (judged, findings) = checkpointRules.judge(credential, now: context.nowSeconds)
            outcomes += judged
            for outcome in judged where !outcome.isMet { reasons.append(VerificationReason(.ruleNotMet, outcome.description)) }
            for finding in findings { finding.severity == .failure ? reasons.append(finding) : warnings.append(finding) }
        }
        return VerificationResult(reasons: reasons, warnings: warnings, kid: kid, claimedIssuer: credential.claims.issuer,
                                  credential: credential, ruleOutcomes: outcomes)
    }
}

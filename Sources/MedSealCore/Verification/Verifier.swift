import Foundation

/// Verifies MedSeal tokens against a trust store, with no network.
///
/// The pipeline: prefix → Base45 → inflate → COSE_Sign1 → candidate keys by kid within the
/// claimed issuer → algorithm fixed by the trusted key (never by the header alone) →
/// Ed25519 signature → claims and document → every ``VerificationPolicy``.
public struct Verifier: Sendable {
    public var trust: TrustStore
    public var policies: [any VerificationPolicy]
    /// Acceptance rules checked after the policies (`--rules`); an unmet rule is a failure.
    public var rules: [AcceptanceRule] = []

    /// The checks every MedSeal verification runs after the signature.
    public static let standardPolicies: [any VerificationPolicy] = [ValidityPeriodPolicy(), KeyWindowPolicy(), CredentialTypePolicy()]

    /// The standard checks preceded by the revocation check and followed by the list
    /// freshness rule and, when the verifier knows a latest time, the clock check.
    public static func policies(revocations: RevocationLists, maximumListAge: Int64? = nil, requireFreshLists: Bool = false,
                                clock: ClockPolicy? = nil) -> [any VerificationPolicy] {
        var policies: [any VerificationPolicy] = [RevocationPolicy(lists: revocations)] + standardPolicies
        policies.append(ListFreshnessPolicy(lists: revocations, maximumAge: maximumListAge, requireFresh: requireFreshLists))
        if let clock { policies.append(clock) }
        return policies
    }

    public init(trust: TrustStore, policies: [any VerificationPolicy] = Verifier.standardPolicies) {
        self.trust = trust
        self.policies = policies
    }

    /// Verifies token text as of `context.now`.
    public func verify(_ text: String, context: VerificationContext = VerificationContext()) -> VerificationResult {
        let message: COSESign1
        let issuer: String
        // The claims as read, or their first problem (reported only once the signature verifies).
        var claims: Result<CredentialClaims, FormatError>
        do {
            message = try COSESign1(decoding: TokenCodec.decode(text))
            (issuer, claims) = try CredentialClaims.read(message.payload)
        } catch {
            return .failure(.malformed, error.description)
        }
        guard let kid = message.kid, (1...64).contains(kid.count) else {
            return .failure(.malformed, "COSE: the protected header has no kid")
        }
        let candidates: [IssuerKey]
        do {
            candidates = try trust.candidates(kid: kid, issuer: issuer)
            guard !candidates.isEmpty else {
                let detail = try trust.knowsKid(kid) ? "the key \(ByteText.hex(kid)) is trusted, but not for issuer '\(issuer)'" : "no trusted key has kid \(ByteText.hex(kid)) (issuer '\(issuer)')"
                return .failure(.unknownIssuer, "issuer not trusted on this computer: \(detail)", kid: kid, issuer: issuer)
            }
        } catch {
            return .failure(.damagedStore, error.message, kid: kid, issuer: issuer)
        }
        // The algorithm comes from the trusted key; the header must agree with it.
        guard candidates.contains(where: { message.claimsAlgorithm($0.algorithm) }) else {
            let claimed = message.claimedAlgorithm.map { $0.intValue.map(String.init) ?? $0.kindName } ?? "none"
            return .failure(.algorithmMismatch, "the header names algorithm \(claimed), but the trusted key uses \(candidates[0].algorithm.name) (\(candidates[0].algorithm.rawValue))", kid: kid, issuer: issuer)
        }
        let signed = message.bytesToSign
        // Entries for the same key may differ in window or types: the first that passes wins.
        var first: VerificationResult?
        // The claims are moved into the credential, not copied (a copy retains every array
        // and text of the document); the rare next candidate gets them back from the result,
        // which always holds the credential it concluded on.
        for key in candidates where message.claimsAlgorithm(key.algorithm) {
            guard Sodium.ed25519Verify(message.signature, message: signed, publicKey: key.publicKey) else { continue }
            switch consume claims {
            case .success(let read):
                let result = conclude(AuthenticCredential(key: key, claims: read), kid: kid, context: context)
                if result.isValid { return result }
                claims = .success(result.credential!.claims)
                first = first ?? result
            case .failure(let error):
                return .failure(.malformed, "signed by \(issuer), but its content is unreadable: \(error.description)", kid: kid, issuer: issuer)
            }
        }
        guard let first else {
            return .failure(.badSignature, "signature does not match: this credential was changed or forged", kid: kid, issuer: issuer)
        }
        return first
    }

    /// The verdict on an authentic credential of any format: the format's own findings
    /// (`findings`, such as a certificate's key usage), then every policy, then every
    /// acceptance rule. The credential is taken, not copied, into the result: a copy
    /// retained every array and text of the document, once per verification.
    public func conclude(_ credential: consuming AuthenticCredential, kid: [UInt8]?, findings: [VerificationReason] = [],
                         context: VerificationContext) -> VerificationResult {
        var reasons: [VerificationReason] = [], warnings: [VerificationReason] = []
        for finding in findings { finding.severity == .failure ? reasons.append(finding) : warnings.append(finding) }
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
        return VerificationResult(reasons: reasons, warnings: warnings, kid: kid, claimedIssuer: credential.claims.issuer,
                                  credential: credential, ruleOutcomes: outcomes)
    }
}

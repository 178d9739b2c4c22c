import MedSealEncoding
import MedSealModel
import MedSealVerification

/// A verification result in words for the person holding the device, in their language: a
/// one-line verdict, the reasons in plain words, warnings, the rule outcomes, then (only for
/// authentic credentials) as much of the document as their profile shows. Every line is
/// one line a terminal shows as written (``TerminalText/line(_:)``): what a credential
/// or its claimed issuer says can never add a line, move the cursor or colour a verdict.
public struct VerdictText: Sendable {
    public let phrases: Phrases
    /// The moment verified at, seconds since 1970 (for "12 days ago").
    public let now: Int64

    public init(_ phrases: Phrases = Phrases(.en), now: Int64) {
        self.phrases = phrases
        self.now = now
    }

    /// `VALID — vaccination record` or `NOT VALID — Expired on 3 March 2026 (12 days ago)`.
    public func headline(_ result: VerificationResult) -> String {
        if result.isValid, let credential = result.credential {
            return phrases(.valid) + " — " + VerdictText.kindName(credential.claims.document.kind, phrases)
        }
        return TerminalText.line(phrases(.notValid) + " — " + reasons(result).joined(separator: "; "))
    }

    /// `emergency card`, `vaccination record`, `test result`, `recovery certificate`.
    static func kindName(_ kind: DocumentKind, _ phrases: Phrases) -> String {
        switch kind {
        case .emergency: return phrases(.emergencyCredential)
        case .vaccination: return phrases(.vaccinationCredential)
        case .testResult: return phrases(.testResultCredential)
        case .recovery: return phrases(.recoveryCredential)
        }
    }

    /// Each failure in words.
    public func reasons(_ result: VerificationResult) -> [String] {
        result.reasons.map { TerminalText.line(describe($0, in: result)) }
    }

    /// `Warning: …` lines.
    public func warnings(_ result: VerificationResult) -> [String] {
        result.warnings.map { TerminalText.line(phrases(.warning) + ": " + describe($0, in: result)) }
    }

    /// `Meets “…”` lines (a rule not met is already in the headline).
    public func rules(_ result: VerificationResult) -> [String] {
        result.ruleOutcomes.filter(\.isMet).map { TerminalText.line(describe($0)) }
    }

    /// The lines after the headline: issuer, times, then the document under `profile`.
    public func details(_ result: VerificationResult, profile: DisclosureProfile? = nil) -> [String] {
        unsafeDetails(result, profile: profile).map(TerminalText.line)
    }

    private func unsafeDetails(_ result: VerificationResult, profile: DisclosureProfile?) -> [String] {
        // The technical cause, for whoever fixes it (which layer of the token, which kid, which
        // file). It stays in English, one text to search for and to quote to support, and says so
        // in any other language; the verdict above it is in the reader's.
        let technical: Set<VerificationStatus> = [.malformed, .unknownIssuer, .algorithmMismatch, .damagedStore]
        let tag = phrases.language == .en ? "" : phrases(.technicalDetail) + ": "
        let causes = result.reasons.filter { technical.contains($0.status) }.map { "(\(tag)\($0.message))" }
        guard let credential = result.credential else {
            var lines = causes
            // A name the card gives itself: shown as its claim, never as an issuer known here.
            if let issuer = result.claimedIssuer { lines.append(DocumentText.label(phrases(.issuer)) + "\(issuer) (\(phrases(.unverifiedClaim)))") }
            if !result.isMalformed { lines.append(phrases(.contentNotShown)) }
            return lines
        }
        let claims = credential.claims
        let chosen = profile ?? DisclosureProfile.standard(for: claims.document.kind)
        var lines = causes
        if chosen != .checkpoint {
            lines += [
                DocumentText.label(phrases(.issuer)) + credential.signer,
                DocumentText.label(phrases(.issued)) + phrases.date(epochSeconds: claims.issuedAt),
                DocumentText.label(phrases(.expires)) + (claims.expiresAt.map { phrases.date(epochSeconds: $0) } ?? phrases(.noExpiry)),
            ]
            if credential.format == .medseal { lines.append(DocumentText.label(phrases(.credential)) + ByteText.hex(claims.credentialID)) }
            if let facts = credential.presentation {
                lines.append(phrases(.presentedUntil, moment(facts.binding.expiresAt)))
                if let audience = facts.binding.audience { lines.append(DocumentText.label(phrases(.presentedFor)) + audience) }
            }
            if let sealed = claims.sealed {
                lines.append(credential.brokenGlass.map { phrases(.sealedOpened, $0.operatorName, $0.reason) } ?? phrases(.sealedClosed, ByteText.hex(sealed.keyID)))
            }
            if !result.isValid {
                lines.append(phrases(result.reasons.allSatisfy { $0.status == .ruleNotMet } ? .genuineButRuleNotMet : .genuineButInvalid))
            }
            lines.append("")
        }
        var absent = [String: String]()
        if claims.sealed != nil && credential.brokenGlass == nil {
            for section in WithholdableSection.allCases { absent[section.name] = phrases(.sealedOrNotRecorded) }
        }
        for name in credential.presentation?.withheld ?? [] { absent[name] = phrases(.withheldByPatient) }
        lines += DocumentText.lines(claims.document, profile: chosen, phrases, absent: absent)
        if let withheld = credential.presentation?.withheld, !withheld.isEmpty {
            lines += ["", DocumentText.label(phrases(.withheldByPatient)) + withheld.joined(separator: ", ")]
        }
        return lines
    }

    /// A date and its time of day in UTC, for what lasts hours (a presentation).
    func moment(_ epochSeconds: Int64) -> String {
        let time = Timestamps.format(epochSeconds: epochSeconds)
        return phrases.date(epochSeconds: epochSeconds) + " " + time.dropFirst(11).prefix(5) + " UTC"
    }

    func describe(_ outcome: RuleOutcome) -> String {
        outcome.isMet ? phrases(.ruleMet, outcome.ruleName) : phrases(.statusRuleNotMet, outcome.ruleName, outcome.shortfalls.map(describe).joined(separator: "; "))
    }

    func describe(_ shortfall: RuleShortfall) -> String {
        switch shortfall {
        case .notVaccination: return phrases(.shortfallNotVaccination)
        case .doses(let needed, let has): return phrases(needed == 1 ? .shortfallOneDose : .shortfallDoses, String(needed), String(has))
        case .tooRecent(let date): return phrases(.shortfallTooRecent, phrases.date(date))
        case .tooLongAgo(let date, let days): return phrases(.shortfallTooLongAgo, phrases.date(date), String(days))
        case .tooYoung(let years, let age): return phrases(.shortfallTooYoung, String(years), String(age))
        case .tooOld(let years, let age): return phrases(.shortfallTooOld, String(years), String(age))
        case .businessRule: return phrases(.shortfallBusinessRule)
        }
    }

    /// One reason in words, using what the result knows (dates, key window, rule outcome).
    func describe(_ reason: VerificationReason, in result: VerificationResult) -> String {
        let claims = result.credential?.claims
        let issuer = result.claimedIssuer ?? "?"
        switch reason.status {
        case .valid: return phrases(.valid)
        case .malformed: return phrases(.statusMalformed)
        case .unknownIssuer: return phrases(.statusUnknownIssuer)
        case .algorithmMismatch: return phrases(.statusAlgorithmMismatch)
        case .badSignature: return phrases(.statusBadSignature)
        case .revoked: return phrases(.statusRevoked)
        case .superseded: return phrases(.statusSuperseded)
        case .expired:
            guard let expiresAt = claims?.expiresAt else { return reason.message }
            return phrases(.statusExpired, phrases.date(epochSeconds: expiresAt), phrases(.ago, phrases.span(now - expiresAt)))
        case .notYetValid:
            guard let claims else { return reason.message }
            let start = claims.notBefore ?? claims.issuedAt
            return phrases(.statusNotYetValid, phrases.date(epochSeconds: start), phrases(.inSpan, phrases.span(start - now)))
        case .keyNotValid:
            guard let key = result.credential?.key, let claims else { return reason.message }
            let window = key.windowSeconds
            // Signed inside the key's window, checked after it ended: say that, not "not valid".
            if window.contains(claims.issuedAt) && now > window.upperBound {
                return phrases(.statusKeyWindowEnded, phrases.date(epochSeconds: window.upperBound))
            }
            return phrases(.statusKeyNotValid, phrases.date(epochSeconds: window.lowerBound), phrases.date(epochSeconds: window.upperBound))
        case .typeNotAllowed: return phrases(.statusTypeNotAllowed)
        case .staleList:
            guard let issued = reason.moment else { return phrases(.statusStaleList, issuer) }
            return phrases(.statusStaleListAge, issuer, phrases(.ago, phrases.span(now - issued)))
        case .noRevocationList: return phrases(.statusNoRevocationList, issuer)
        case .clockSetBack: return phrases(.statusClockSetBack)
        case .damagedStore: return phrases(.statusDamagedStore)
        case .ruleNotMet:
            return result.ruleOutcomes.first { !$0.isMet && reason.message == $0.description }.map(describe) ?? reason.message
        case .notPresented: return phrases(.statusNotPresented)
        case .notHolderSigned: return phrases(.statusNotHolderSigned)
        case .presentationExpired:
            guard let end = result.credential?.presentation?.binding.expiresAt, now > end else { return reason.message }
            return phrases(.statusPresentationExpired, moment(end), phrases(.ago, phrases.span(now - end)))
        case .wrongAudience:
            guard let binding = result.credential?.presentation?.binding else { return reason.message }
            return phrases(.statusWrongAudience, binding.audience ?? "—")
        case .wrongNonce: return phrases(.statusWrongNonce)
        case .nonceReused: return phrases(.statusNonceReused)
        case .criticalWithheld: return phrases(.statusCriticalWithheld)
        case .noRules: return phrases(.statusNoRules)
        case .staleRules: return phrases(.statusStaleRules)
        }
    }
}

import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// What `verify`, `scan` and `batch` share: the store, the policies and rules, the moment,
/// who sees what (profile, language), and the audit log.
struct VerifierSetup: Sendable {
    let store: VerifierStore
    /// Verifies MedSeal tokens, SMART Health Cards and EU DCCs.
    let verifier: CredentialVerifier
    /// The moment given with `--at`, or `nil` to use the clock at each verification.
    let fixedTime: Date?
    let clockSkew: Int64
    let profile: DisclosureProfile?
    let phrases: Phrases
    let operatorName: String?
    let audit: AuditLog?
    /// The audience and challenge a presentation must name (`--audience`, `--nonce`).
    let audience: String?
    let nonce: String?
    /// Why the operator breaks the glass (`--break-glass --reason`), if they do.
    let breakGlassReason: String?

    /// The options these commands share.
    static func options(auditByDefault: Bool) -> [OptionSpec] {
        [
            StoreOption.trust,
            OptionSpec("at", "TIME", "Verify as of this moment (2026-11-21T09:30:00Z, 2026-11-21T10:30+01:00, or a date for its UTC midnight) instead of now; skips the clock check."),
            OptionSpec("clock-skew", "DURATION", "Tolerance for clocks that disagree (default 5m)."),
            OptionSpec("max-list-age", "DURATION", "Fail when the issuer's revocation list is older than this (such as 30d), or missing."),
            OptionSpec("require-fresh-lists", nil, "Fail when the issuer's revocation list is past its next update, or missing."),
            OptionSpec("strict-clock", nil, "Fail when the clock is earlier than a time this verifier has already seen."),
            OptionSpec("rules", "FILE", "An acceptance rule (JSON, see Templates/rules/) the credential must meet."),
            OptionSpec("country", "CC", "Apply the business rules of this destination country (imported with trust import-rules) to EU DCCs: its acceptance rules and the issuing country's invalidation rules; missing or old rules are a warning (a failure with --require-fresh-lists)."),
            OptionSpec("profile", "NAME", "What to show: emergency (critical facts first), checkpoint (name, birth date, rule outcome), full."),
            OptionSpec("lang", "CODE", "Language of the words shown: en, es, fr, de, pt (default en)."),
            OptionSpec("audience", "TEXT", "Accept a patient's presentation only if it was made for this audience."),
            OptionSpec("nonce", "TEXT", "Accept a patient's presentation only if it answers this challenge (from --challenge); each challenge is answered once."),
            OptionSpec("break-glass", nil, "Open the items the issuer sealed for emergency services (needs --reason and --operator, and an emergency-access key granted to this station); the opening is written to the audit log first."),
            OptionSpec("reason", "TEXT", "With --break-glass: why the sealed items are opened, for the audit log."),
            OptionSpec("operator", "NAME", "Who is verifying, for the audit log."),
            auditByDefault
                ? OptionSpec("no-audit", nil, "Do not record the verifications in the audit log.")
                : OptionSpec("audit", nil, "Record the verification in the audit log."),
            OptionSpec("audit-log", "FILE", "The audit log (default: audit.log in the store)."),
        ]
    }

    init(_ arguments: ParsedArguments, auditByDefault: Bool) throws(UserError) {
        store = StoreOption.store(arguments)
        let trust = try store.trust()
        fixedTime = try arguments.time("at")
        var skew = VerificationContext.defaultClockSkew
        if let text = arguments.value("clock-skew") {
            guard let seconds = Timestamps.parseDuration(text), seconds <= 86_400 else {
                throw UserError(.usage, "--clock-skew '\(text)' is not a duration of at most 1 day (such as 5m)")
            }
            skew = seconds
        }
        clockSkew = skew
        var maximumListAge: Int64?
        if let age = arguments.value("max-list-age") {
            guard let seconds = Timestamps.parseDuration(age) else { throw UserError(.usage, "--max-list-age '\(age)' is not a duration (such as 30d)") }
            maximumListAge = seconds
        }
        // The clock check concerns the computer's clock, so it does not apply with --at.
        var clock: ClockPolicy?
        if fixedTime == nil, let memory = try store.clockMemory() {
            clock = ClockPolicy(latestKnownTime: memory.latestKnownTime, strict: arguments.has("strict-clock"))
        }
        var verifier = Verifier(trust: trust, policies: Verifier.policies(revocations: RevocationLists(store: store), maximumListAge: maximumListAge,
                                                                          requireFreshLists: arguments.has("require-fresh-lists"), clock: clock))
        if let path = arguments.value("rules") { verifier.rules = [try AcceptanceRule.load(path: path)] }
        let language = try arguments.value("lang").map { code throws(UserError) in try Language(code: code) } ?? .en
        if let country = arguments.value("country") {
            guard country.utf8.count == 2, country.utf8.allSatisfy({ (0x41...0x5A).contains($0 & 0xDF) }) else {
                throw UserError(.usage, "--country '\(country)' is not a two-letter country code (such as DE, NL)")
            }
            verifier.checkpointRules = CheckpointRules(rules: try GatewayRuleStore(store: store).load(), country: country, language: language.rawValue,
                                                       requireFresh: arguments.has("require-fresh-lists"))
        }
        self.verifier = CredentialVerifier(medseal: verifier, store: store)
        profile = try arguments.value("profile").map { name throws(UserError) in try DisclosureProfile(name: name) }
        phrases = Phrases(language)
        operatorName = arguments.value("operator")
        if arguments.has("break-glass") {
            guard let reason = arguments.value("reason")?.trimmingCharacters(in: .whitespaces), !reason.isEmpty, reason.count <= 500 else {
                throw UserError(.usage, "--break-glass needs --reason TEXT (why the sealed items are opened, 1 to 500 characters), for the audit log")
            }
            guard operatorName?.isEmpty == false else { throw UserError(.usage, "--break-glass needs --operator NAME: who opens the sealed items, for the audit log") }
            breakGlassReason = reason
        } else {
            guard arguments.value("reason") == nil else { throw UserError(.usage, "--reason goes with --break-glass") }
            breakGlassReason = nil
        }
        audience = arguments.value("audience")
        nonce = arguments.value("nonce")
        for (text, option) in [(audience, "audience"), (nonce, "nonce")] {
            if let text, text.isEmpty || text.utf8.count > KeyBinding.maximumTextLength {
                throw UserError(.usage, "--\(option) must be 1 to \(KeyBinding.maximumTextLength) bytes")
            }
        }
        let auditing = auditByDefault ? !arguments.has("no-audit") : arguments.has("audit")
        audit = auditing ? AuditLog(path: arguments.value("audit-log") ?? store.folder + "/audit.log") : nil
    }

    /// The context for a verification now (or at `--at`).
    var context: VerificationContext {
        var context = VerificationContext(now: fixedTime ?? Date(), clockSkew: clockSkew)
        context.audience = audience
        context.nonce = nonce
        return context
    }

    func verify(_ token: String) -> (VerificationResult, VerificationContext) {
        verify(token, with: verifier)
    }

    /// Verifies with `verifier` (one of this setup's, for a thread of its own).
    func verify(_ token: String, with verifier: CredentialVerifier) -> (VerificationResult, VerificationContext) {
        let context = self.context
        return (answering(verifier.verify(token, context: context).withHints(), context), context)
    }

    /// `result`, refused when it answers a challenge already answered here (``AnsweredChallenges``).
    func answering(_ result: VerificationResult, _ context: VerificationContext) -> VerificationResult {
        AnsweredChallenges(store: store).answering(result, at: context)
    }

    /// Every credential in the text (several for a `.smart-health-card` file holding several).
    func verifyEach(_ text: String) -> [(VerificationResult, VerificationContext)] {
        let context = self.context
        return verifier.verifyEach(text, context: context).map { (answering($0.withHints(), context), context) }
    }

    /// The lines a person sees: headline, warnings, rule outcomes, then the profile's details.
    /// With `banner`, the headline is replaced by a three-line block and the reasons follow it.
    func text(_ result: VerificationResult, _ context: VerificationContext, console: Console, banner: Bool = false, withDetails: Bool = true) -> [String] {
        let words = VerdictText(phrases, now: Timestamps.epochSeconds(context.now))
        var lines: [String]
        if banner {
            lines = [Banner.text(result.isValid ? phrases(.valid) : phrases(.notValid), good: result.isValid, console: console)]
            lines += words.reasons(result).map(console.bad)
        } else {
            let headline = words.headline(result)
            lines = [result.isValid ? console.good(headline) : console.bad(headline)]
        }
        lines += words.warnings(result).map(console.warn)
        lines += words.rules(result)
        if withDetails { lines += words.details(result, profile: profile) }
        return lines
    }

    func json(_ result: VerificationResult, _ context: VerificationContext) -> String {
        VerificationReport.json(result, at: context, profile: profile)
    }

    /// `result` with its sealed items opened, when the operator breaks the glass; the opening is
    /// recorded in the audit log (this store's, even when --audit is not given) before anything
    /// is shown. A note says why nothing was opened; an unwritable log throws, and then nothing is.
    func breakingGlass(_ result: VerificationResult, _ context: VerificationContext) throws(UserError) -> (VerificationResult, String?) {
        guard let reason = breakGlassReason, let operatorName else { return (result, nil) }
        let log = audit ?? AuditLog(path: store.folder + "/audit.log")
        switch try BreakGlass.open(result, keys: EmergencyAccessKeys(store: store), operatorName: operatorName, reason: reason,
                                   now: context.nowSeconds, record: { (record) throws(UserError) in try log.append([record]) }) {
        case .opened(let opened): return (opened, nil)
        case .closed(let why): return (result, why)
        }
    }

    /// Appends the verifications to the audit log, if it is on.
    func record(_ results: [(VerificationResult, VerificationContext)], mode: String) throws(UserError) {
        try record(results.compactMap { auditRecord($0.0, $0.1, mode: mode) })
    }

    /// What the audit log keeps of one verification; `nil` when the log is off.
    func auditRecord(_ result: VerificationResult, _ context: VerificationContext, mode: String) -> AuditRecord? {
        guard audit != nil else { return nil }
        return AuditRecord(time: Timestamps.epochSeconds(context.now), operatorName: operatorName, mode: mode, result: result, profile: profile)
    }

    /// Appends records made by ``auditRecord(_:_:mode:)`` to the audit log, when it is on.
    func record(_ records: [AuditRecord]) throws(UserError) {
        guard audit != nil else { return }
        try record(records.map(\.entry))
    }

    /// Appends the entries of records made by ``auditRecord(_:_:mode:)``, when the log is on.
    func record(_ entries: [AuditEntry]) throws(UserError) {
        guard let audit, !entries.isEmpty else { return }
        try audit.append(entries)
    }

    /// Records the run for the clock memory (not when verifying as of another moment).
    func recordRun() {
        if fixedTime == nil { store.recordRun(now: Date()) }
    }
}

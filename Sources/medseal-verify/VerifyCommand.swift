import Foundation
import MedSealCLI
import MedSealCore

/// `medseal-verify [TOKEN | --file FILE | -]`: verifies one token against the store.
enum VerifyCommand {
    static let exitStatuses = """
    Exit status: 0 valid (warnings, if any, are printed); 1 checked and not valid (bad signature, expired,
    not yet valid, unknown issuer, key outside its window, type not allowed, algorithm mismatch, revoked,
    superseded, stale or missing revocation list when required, clock set back under --strict-clock);
    2 unusable input (not a MedSeal token: bad prefix, Base45, compression, CBOR or structure) or usage
    error; 3 a damaged store file or an altered .pub file; 4 file could not be read.
    """

    static let command = Command(CommandSpec(
        [],
        summary: "Verify a token: format, trusted issuer key, signature, validity, revocation.",
        usage: "[--trust DIR] [--at TIME] [--json] [--max-list-age D] [--require-fresh-lists] [--strict-clock] [TOKEN | --file FILE | -]",
        options: [
            StoreOption.trust,
            OptionSpec("at", "TIME", "Verify as of this moment (ISO 8601), instead of now (skips the clock check)."),
            OptionSpec("json", nil, "Print one JSON object instead of text."),
            OptionSpec("file", "FILE", "Read the token from the first line of FILE (- for standard input)."),
            OptionSpec("clock-skew", "DURATION", "Tolerance for clocks that disagree (default 5m)."),
            OptionSpec("max-list-age", "DURATION", "Fail when the issuer's revocation list is older than this (such as 30d), or missing."),
            OptionSpec("require-fresh-lists", nil, "Fail when the issuer's revocation list is past its next update, or missing."),
            OptionSpec("strict-clock", nil, "Fail when the clock is earlier than a time this verifier has already seen."),
        ],
        details: exitStatuses
    )) { arguments, console in
        let token = try readToken(arguments)
        let store = StoreOption.store(arguments)
        let trust = try store.trust()
        var context = VerificationContext()
        if let at = arguments.value("at") {
            guard let date = Timestamps.parse(at) else {
                throw UserError(.usage, "--at '\(at)' is not an ISO 8601 time (such as 2026-11-21T09:30:00Z or 2026-11-21)")
            }
            context.now = date
        }
        if let skew = arguments.value("clock-skew") {
            guard let seconds = Timestamps.parseDuration(skew), seconds <= 86_400 else {
                throw UserError(.usage, "--clock-skew '\(skew)' is not a duration of at most 1 day (such as 5m)")
            }
            context.clockSkew = seconds
        }
        var maximumListAge: Int64?
        if let age = arguments.value("max-list-age") {
            guard let seconds = Timestamps.parseDuration(age) else { throw UserError(.usage, "--max-list-age '\(age)' is not a duration (such as 30d)") }
            maximumListAge = seconds
        }
        // The clock check concerns the computer's clock, so it does not apply with --at.
        var clock: ClockPolicy?
        if arguments.value("at") == nil, let memory = try store.clockMemory() {
            clock = ClockPolicy(latestKnownTime: memory.latestKnownTime, strict: arguments.has("strict-clock"))
        }
        let policies = Verifier.policies(revocations: RevocationLists(store: store), maximumListAge: maximumListAge,
                                         requireFreshLists: arguments.has("require-fresh-lists"), clock: clock)
        let result = Verifier(trust: trust, policies: policies).verify(token, context: context)
        if arguments.value("at") == nil { store.recordRun(now: context.now) }
        if arguments.has("json") {
            console.out(VerificationReport.json(result, at: context))
        } else {
            let headline = VerdictText.headline(result)
            console.out(result.isValid ? console.good(headline) : console.bad(headline))
            for line in VerdictText.warnings(result) { console.out(console.warn(line)) }
            for line in VerdictText.details(result) { console.out(line) }
        }
        return result.exitStatus
    }

    /// The token from the argument, `--file`, or `-` (standard input).
    static func readToken(_ arguments: ParsedArguments) throws(UserError) -> String {
        let positionals = try arguments.positionals(atMost: 1)
        switch (positionals.first, arguments.value("file")) {
        case (nil, nil): throw UserError(.usage, "give a token, --file FILE, or - to read standard input")
        case (.some, .some): throw UserError(.usage, "give either a token or --file, not both")
        case ("-"?, nil): return try TokenFile.read("-")
        case (let token?, nil): return token
        case (nil, let path?): return try TokenFile.read(path)
        }
    }
}

/// The `--trust DIR` option every command of the verifier shares.
enum StoreOption {
    static let trust = OptionSpec("trust", "DIR", "The verifier's store: trusted keys, roots, revocation lists (default \(VerifierStore.defaultFolder)).")

    static func store(_ arguments: ParsedArguments) -> VerifierStore {
        VerifierStore(folder: arguments.value("trust") ?? VerifierStore.defaultFolder)
    }
}

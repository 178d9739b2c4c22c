import Foundation
import MedSealCLI
import MedSealCore

/// `medseal-verify [TOKEN | --file FILE | -]`: verifies one token against the trust folder.
enum VerifyCommand {
    static let exitStatuses = """
    Exit status: 0 valid; 1 checked and not valid (bad signature, expired, not yet valid, unknown issuer,
    key outside its window, type not allowed, algorithm mismatch); 2 unusable input (not a MedSeal token:
    bad prefix, Base45, compression, CBOR or structure) or usage error; 3 the trust folder holds a damaged
    or altered .pub file; 4 file could not be read.
    """

    static let command = Command(CommandSpec(
        [],
        summary: "Verify a token: format, trusted issuer key, signature, validity window.",
        usage: "[--trust DIR] [--at TIME] [--json] [TOKEN | --file FILE | -]",
        options: [
            OptionSpec("trust", "DIR", "Folder of trusted issuer .pub files (default \(TrustStore.defaultFolder))."),
            OptionSpec("at", "TIME", "Verify as of this moment (ISO 8601), instead of now."),
            OptionSpec("json", nil, "Print one JSON object instead of text."),
            OptionSpec("file", "FILE", "Read the token from the first line of FILE (- for standard input)."),
            OptionSpec("clock-skew", "DURATION", "Tolerance for clocks that disagree (default 5m)."),
        ],
        details: exitStatuses
    )) { arguments, console in
        let token = try readToken(arguments)
        let trust = try TrustStore.load(folder: arguments.value("trust") ?? TrustStore.defaultFolder)
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
        let result = Verifier(trust: trust).verify(token, context: context)
        if arguments.has("json") {
            console.out(VerificationReport.json(result, at: context))
        } else {
            let headline = VerdictText.headline(result)
            console.out(result.isValid ? console.good(headline) : console.bad(headline))
            for line in VerdictText.details(result) { console.out(line) }
        }
        if result.isValid { return 0 }
        return result.isMalformed ? 2 : 1
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

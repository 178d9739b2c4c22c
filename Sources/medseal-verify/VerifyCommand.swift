import Foundation
import MedSealCLI
import MedSealCore

/// `medseal-verify [TOKEN | --file FILE | -]`: verifies one token against the store.
enum VerifyCommand {
    static let exitStatuses = """
    Exit status: 0 valid (warnings, if any, are printed); 1 checked and not valid (bad signature, expired,
    not yet valid, unknown issuer, key outside its window, type not allowed, algorithm mismatch, revoked,
    superseded, stale or missing revocation list when required, clock set back under --strict-clock,
    acceptance rule not met); 2 unusable input (not a MedSeal token: bad prefix, Base45, compression, CBOR
    or structure; an image with no QR code or several different ones) or usage error; 3 a damaged store file or
    an altered .pub file; 4 file could not be read.
    """

    static let command = Command(CommandSpec(
        [],
        summary: "Verify a token: format, trusted issuer key, signature, validity, revocation, rules.",
        usage: "[--trust DIR] [--at TIME] [--json] [--rules FILE] [--profile NAME] [--lang CODE] [TOKEN | --file FILE | --image FILE.png|FILE.jpg | -]",
        options: [
            OptionSpec("json", nil, "Print one JSON object instead of text."),
            OptionSpec("file", "FILE", "Read the token from the first line of FILE (- for standard input)."),
            OptionSpec("image", "FILE", "Read the token from the QR code in a PNG or JPEG picture (a photo of a card works)."),
        ] + VerifierSetup.options(auditByDefault: false),
        details: exitStatuses
    )) { arguments, console in
        let token = try readToken(arguments)
        let setup = try VerifierSetup(arguments, auditByDefault: false)
        let (result, context) = setup.verify(token)
        setup.recordRun()
        try setup.record([(result, context)], mode: "verify")
        if arguments.has("json") {
            console.out(setup.json(result, context))
        } else {
            for line in setup.text(result, context, console: console) { console.out(line) }
        }
        return result.exitStatus
    }

    /// The token from the argument, `--file`, `--image`, or `-` (standard input).
    static func readToken(_ arguments: ParsedArguments) throws(UserError) -> String {
        let positionals = try arguments.positionals(atMost: 1)
        if let image = arguments.value("image") {
            guard positionals.isEmpty, arguments.value("file") == nil else { throw UserError(.usage, "give one of a token, --file or --image") }
            return try TokenImage.read(path: image)
        }
        switch (positionals.first, arguments.value("file")) {
        case (nil, nil): throw UserError(.usage, "give a token, --file FILE, --image FILE, or - to read standard input")
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

import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// `medseal-verify [TOKEN | --file FILE | -]`: verifies one credential (MedSeal token, SMART
/// Health Card or EU DCC) against the store.
enum VerifyCommand {
    static let exitStatuses = """
    Exit status: 0 valid (warnings, if any, are printed); 1 checked and not valid (bad signature, expired,
    not yet valid, unknown issuer, key outside its window, type not allowed, algorithm mismatch, revoked,
    superseded, stale or missing revocation list when required, clock set back under --strict-clock,
    acceptance rule not met; for a patient's presentation: not presented by the holder, ended, wrong
    audience or challenge, challenge already answered, critical facts withholdable); 2 unusable input (not a credential: bad prefix, Base45, numeric QR text, JWS,
    compression, CBOR, JSON or structure; missing SMART Health Card chunks; an image with no QR code or several
    different ones) or usage error; 3 a damaged store file or an altered .pub file; 4 file could not be read, or
    (with --audit) the audit log could not be written: the verdict is printed all the same (with --break-glass,
    the sealed items then stay closed).
    With several cards (a .smart-health-card file), the worst status of them is returned.
    """

    static let command = Command(CommandSpec(
        [],
        summary: "Verify a credential (MS1:, shc:/, HC1:, an ICAO VDS-NC seal): format, trusted issuer key, signature, validity, revocation, rules.",
        arguments: "[TOKEN… | --file FILE | --image FILE | -]",
        options: [
            OptionSpec("json", nil, "Print one JSON object (a line per card) instead of text."),
            OptionSpec("file", "FILE", "Read the token from the first line of FILE, all the shc:/ chunks in it, or a .smart-health-card file (- for standard input)."),
            OptionSpec("image", "FILE", "Read the token from the QR code in a PNG or JPEG picture (a photo of a card works)."),
            OptionSpec("challenge", nil, "Print a new challenge (a nonce, and its QR code) for a patient's presentation to answer, instead of verifying."),
            OptionSpec("purpose", "TEXT", "With --challenge: what the challenge is for, shown with it."),
        ] + VerifierSetup.options(auditByDefault: false),
        details: exitStatuses
    )) { arguments, console in
        if arguments.has("challenge") { return try ChallengeCommand.run(arguments, console) }
        if arguments.value("purpose") != nil { throw UserError(.usage, "--purpose goes with --challenge") }
        let token = try readToken(arguments)
        let setup = try VerifierSetup(arguments, auditByDefault: false)
        var results = setup.verifyEach(token)
        var breakGlassFailure: UserError?
        if setup.breakGlassReason != nil {
            for index in results.indices {
                do throws(UserError) {
                    let (opened, note) = try setup.breakingGlass(results[index].0, results[index].1)
                    results[index].0 = opened
                    if let note { console.error(console.warn("break glass: " + note)) }
                } catch {
                    breakGlassFailure = error
                }
            }
        }
        setup.recordRun()
        // Logged before it is shown (an access is recorded even if the output is cut short);
        // a log that cannot be written never hides the verdict.
        var auditFailure: UserError?
        do throws(UserError) { try setup.record(results, mode: "verify") } catch { auditFailure = error }
        for (index, (result, context)) in results.enumerated() {
            if arguments.has("json") {
                console.out(setup.json(result, context))
            } else {
                if results.count > 1 { console.out((index > 0 ? "\n" : "") + "Card \(index + 1) of \(results.count):") }
                for line in setup.text(result, context, console: console) { console.out(line) }
            }
        }
        if let breakGlassFailure {
            console.error("medseal-verify: THE SEALED ITEMS WERE NOT OPENED, because the opening could not be recorded: \(breakGlassFailure.messageWithHint)")
            return 4
        }
        if let auditFailure {
            console.error("medseal-verify: AUDIT LOG NOT WRITTEN (the verdict above stands): \(auditFailure.messageWithHint)")
            return 4
        }
        // The worst outcome decides: damaged store, unusable input, not valid, valid.
        return results.map { $0.0.exitStatus }.max { VerifyCommand.severity($0) < VerifyCommand.severity($1) } ?? 2
    }

    static func severity(_ status: Int32) -> Int {
        switch status {
        case 0: return 0
        case 1: return 1
        case 2: return 2
        default: return 3
        }
    }

    /// The token from the argument (or the arguments, for the chunks of a SMART Health
    /// Card), `--file`, `--image`, or `-` (standard input).
    static func readToken(_ arguments: ParsedArguments) throws(UserError) -> String {
        var positionals = try arguments.positionals(atMost: Int.max)
        if positionals.count > 1 {
            guard positionals.count <= SHCText.maximumChunks, positionals.allSatisfy({ SHCText.claims($0[...]) }) else {
                // MS1: and HC1: texts hold spaces (Base45 has them), so a token given without
                // quotes arrives as several words, and the shell has merged any double spaces.
                let prefixed = { (word: String) in CredentialVerifier.prefixes.contains { CaseFoldedPrefix.matches(word.utf8[...], $0) } }
                if prefixed(positionals[0]), !positionals.dropFirst().contains(where: prefixed) {
                    throw UserError(.usage, "the token came as \(positionals.count) words: its text holds spaces, so put it in single quotes ('MS1:…'), or give it with --file FILE or - (standard input)")
                }
                throw UserError(.usage, "give one token (only the QR texts of one SMART Health Card, shc:/…, may be given together)")
            }
            positionals = [positionals.joined(separator: "\n")]
        }
        if let image = arguments.value("image") {
            guard positionals.isEmpty, arguments.value("file") == nil else { throw UserError(.usage, "give one of a token, --file or --image") }
            return try TokenImage.read(path: image)
        }
        switch (positionals.first, arguments.value("file")) {
        case (nil, nil): throw UserError(.usage, "give a token, --file FILE, --image FILE, or - to read standard input")
        case (.some, .some): throw UserError(.usage, "give either a token or --file, not both")
        case ("-"?, nil): return try TokenFile.read("-")
        case (let token?, nil):
            // A file's name given without --file (card.token, ~/scans/vax.txt): read the file.
            let claimsFormat = CredentialVerifier.prefixes.contains { CaseFoldedPrefix.matches(token.utf8[...], $0) } || SHCText.looksLikeFileOrJWS(token[...])
            if !claimsFormat && FileManager.default.fileExists(atPath: token) { return try TokenFile.read(token) }
            if !claimsFormat && (token.hasSuffix(".token") || token.hasSuffix(".txt") || token.hasSuffix(".smart-health-card") || token.hasPrefix("/") || token.hasPrefix("./")) {
                throw UserError(.io, "\(token): no such file (to verify a file, give its path; to verify a token, give its text, which starts with MS1:, HC1: or shc:/)")
            }
            return token
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

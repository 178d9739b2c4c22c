import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealRendering

/// `medseal present`: the patient shows chosen parts of a holder-bound credential, for a
/// limited time, signed with their holder key.
enum PresentCommand {
    static let command = Command(CommandSpec(
        ["present"],
        summary: "Make a presentation of a holder-bound credential: chosen parts only, for a limited time, signed with the holder key.",
        options: [
            OptionSpec("credential", "FILE", "The holder-bound credential (BASE.token from medseal issue --holder).", required: true),
            OptionSpec("holder-key", "FILE", "The patient's secret holder key (holder.key, mode 0600).", required: true),
            OptionSpec("show", "LIST", "What to show, comma-separated: sections of an emergency summary (allergies, medications, conditions, contacts, notes, organDonor; bloodType, devices and directives are always shown), vaccines of a vaccination record (MMR, COVID-19, a product or code), or all."),
            OptionSpec("valid-for", "DURATION", "How long the presentation is valid: 15m, 48h, 7d … (default 24h; at most 90d, never past the credential's expiry)."),
            OptionSpec("audience", "TEXT", "Who it is for (a clinic, a school): a verifier that requires another audience refuses it."),
            OptionSpec("nonce", "TEXT", "The challenge the verifier gave (medseal-verify --challenge), which this presentation answers once."),
            Options.outputBase,
            Options.errorCorrectionLevel,
            Options.passphraseFile,
        ],
        details: "On an emergency record the safety floor (severe allergies, high-risk medicines, devices, directives, blood type) is always shown; verifiers refuse a presentation without it."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let path = try arguments.required("credential")
        let credential: HolderCredential
        do { credential = try HolderCredential(token: try TokenFile.read(path)) } catch let error as FormatError {
            throw UserError(.input, "\(path): \(error.description)")
        } catch let error as UserError { throw error } catch { throw UserError(.input, "\(path): \(error)") }
        let key = try Options.signingKey(arguments, role: .holder, option: "holder-key")!
        let names = (arguments.value("show") ?? "").split(separator: ",").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let labels = try credential.labels(showing: names)
        let lifetime = try Options.duration(arguments, "valid-for", default: 86_400)
        let now = Date()
        let token = try credential.present(revealing: labels, now: now, lifetime: lifetime, audience: arguments.value("audience"),
                                           nonce: arguments.value("nonce"), holderKey: key)
        let shown = credential.labels.filter(labels.contains).map(credential.name(of:))
        let withheld = credential.labels.filter { !labels.contains($0) }.map(credential.name(of:))
        var summary = ["Presentation of credential \(ByteText.hex(credential.claims.credentialID)) for \(credential.claims.document.holder.name)",
                       "shows: " + (shown.isEmpty ? "nothing beyond what is always shown" : shown.joined(separator: ", "))]
        if case .emergency = credential.claims.document { summary.append("always shown (safety floor): \(SafetyFloor.description)") }
        summary.append("withheld: " + (withheld.isEmpty ? "nothing" : withheld.joined(separator: ", ")))
        summary.append("valid until \(Timestamps.format(Timestamps.date(epochSeconds: Timestamps.epochSeconds(now) + lifetime)))"
                       + (arguments.value("audience").map { " for \($0)" } ?? ""))
        if let base = arguments.value("out") {
            let code = try CredentialFiles.write(token: token, base: base, errorCorrection: try Options.errorCorrection(arguments))
            for line in summary { console.out(line) }
            console.out(CredentialFiles.describe(code, token: token))
            console.out("Wrote \(base).token, \(base).png, \(base).svg")
        } else {
            console.out(token)
            console.error(summary.joined(separator: "; "))
        }
        return 0
    }
}

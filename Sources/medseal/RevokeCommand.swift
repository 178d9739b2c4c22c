import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal revoke`: adds credentials to the issuer's signed revocation list.
enum RevokeCommand {
    static let command = Command(CommandSpec(
        ["revoke"],
        summary: "Add credentials to the issuer's signed revocation list (creating it), or re-sign it to refresh it.",
        options: [
            OptionSpec("key", "FILE", "The issuer's secret key file.", required: true),
            OptionSpec("list", "FILE", "The revocation list file (created if missing).", required: true),
            OptionSpec("id", "IDS", "Credentials to list, comma-separated: ids as 'medseal issue' prints them, tokens, or token files."),
            OptionSpec("reason", "REASON", "revoked (withdrawn) or superseded (replaced by a newer credential); default revoked."),
            OptionSpec("next-update", "DURATION", "When verifiers should expect the next list (default 7d); past it they warn."),
            OptionSpec("previous-key", "FILE", "After a key rotation: the public key that signed the existing list."),
            Options.passphraseFile,
        ],
        details: """
        Without --id the list is signed again with a new sequence number and next update, so that verifiers know it is current.
        The list holds 8-byte hashes of credential ids, never the ids, and nothing about patients.
        """
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let key = try Options.signingKey(arguments, role: .issuer)!
        let path = try arguments.required("list")
        let reasonName = arguments.value("reason") ?? "revoked"
        guard let reason = RevocationReason(name: reasonName) else { throw UserError(.usage, "--reason '\(reasonName)' is not revoked or superseded") }
        let validity = try Options.duration(arguments, "next-update", default: RevocationListFile.defaultValidity)
        var previousKey: IssuerKey?
        if let previous = arguments.value("previous-key") { previousKey = try IssuerKey(fileData: try FileStore.read(previous), name: previous) }
        var list = try RevocationListFile.load(path: path, key: key, previousKey: previousKey)
        let issuer = key.publicKey.issuer
        var changed = 0
        for reference in (arguments.value("id") ?? "").split(separator: ",") {
            let id = try CredentialReference.credentialID(String(reference), issuer: issuer)
            if list.add(hash: RevocationList.entryHash(issuer: issuer, credentialID: id), reason: reason) { changed += 1 }
        }
        try RevocationListFile.publish(&list, to: path, key: key, validity: validity)
        console.out("\(path): revocation list #\(list.sequence) of '\(issuer)', \(EnglishCount.of(list.count, "entry", "entries")) (\(changed) added or changed), next update \(Timestamps.format(Timestamps.date(epochSeconds: list.nextUpdate)))")
        return 0
    }
}

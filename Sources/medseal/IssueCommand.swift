import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal issue`: signs a JSON health record into a token and QR code.
enum IssueCommand {
    static let command = Command(CommandSpec(
        ["issue"],
        summary: "Sign an emergency summary or vaccination record (JSON) into a token and QR code.",
        arguments: "emergency|vaccination",
        options: [
            OptionSpec("key", "FILE", "The issuer's secret key file (must not be readable by group or others).", required: true),
            OptionSpec("in", "FILE", "The record, as JSON (see Templates/inputs/); - reads standard input.", required: true),
            OptionSpec("expires-in", "DURATION", "How long the credential is valid: 365d, 8w, 2y … (default 365d)."),
            OptionSpec("not-before", "TIME", "First moment the credential is valid: 2026-11-21T09:30:00Z, 2026-11-21T10:30+01:00 or a date (UTC midnight); default: now."),
            Options.outputBase,
            OptionSpec("seal", "LIST", "Emergency summaries: seal these sections (conditions, notes, medications, allergies, contacts, organDonor) to the emergency-access key, so that only an emergency station that breaks the glass sees them; severe allergies, high-risk medicines, devices, directives and the blood type are never sealed. Needs --seal-to."),
            OptionSpec("seal-to", "FILE", "The authority's emergency-access public key: its emergency-access.pub, or a trust bundle that carries it (then with --root)."),
            OptionSpec("root", "FILE", "With --seal-to BUNDLE: the authority's root public key (root.pub) the bundle must be signed by."),
            OptionSpec("holder", "FILE", "Bind the credential to the patient's holder key (holder.pub, from medseal key new --holder): BASE.token is then the patient's own credential, from which they show chosen parts (medseal present), and BASE-card.token, .png and .svg the plain credential for the printed card (same id: revoking one revokes both). Needs --out."),
            Options.errorCorrectionLevel,
            Options.passphraseFile,
            OptionSpec("supersedes", "OLD", "Mark the credential this one replaces as superseded: its id, token, or token file (needs --list)."),
            OptionSpec("list", "FILE", "The issuer's revocation list to update with --supersedes (created if missing)."),
            OptionSpec("next-update", "DURATION", "With --supersedes: when verifiers should expect the next list (default 7d)."),
        ],
        details: "The QR version is printed for every credential (to standard error when the token goes to standard output)."
    )) { arguments, console in
        let words = try arguments.positionals(atMost: 1)
        guard let typeName = words.first else { throw UserError(.usage, "say which kind of credential: emergency or vaccination") }
        guard let type = CredentialType(rawValue: typeName) else {
            throw UserError(.usage, "'\(typeName)' is not a credential type (expected emergency or vaccination)")
        }
        let key = try Options.signingKey(arguments, role: .issuer)!
        let inputPath = try arguments.required("in")
        let lifetime = try Options.duration(arguments, "expires-in", default: 365 * 86_400)
        let errorCorrection = try Options.errorCorrection(arguments)
        let document = try CredentialDocument.read(path: inputPath, type: type)
        // Read and check the revocation list before issuing, so that a bad list stops both.
        var superseding: (list: RevocationList, path: String, id: [UInt8])?
        if let old = arguments.value("supersedes") {
            guard let listPath = arguments.value("list") else { throw UserError(.usage, "--supersedes needs --list FILE: the revocation list that will say so") }
            let id = try CredentialReference.credentialID(old, issuer: key.publicKey.issuer)
            superseding = (try RevocationListFile.load(path: listPath, key: key), listPath, id)
        } else if arguments.value("list") != nil {
            throw UserError(.usage, "--list is used only with --supersedes")
        }
        let listValidity = try Options.duration(arguments, "next-update", default: RevocationListFile.defaultValidity)
        var sealing: (sections: Set<WithholdableSection>, key: SealingKey)?
        switch (arguments.value("seal"), arguments.value("seal-to")) {
        case (nil, nil): break
        case (let list?, let keyPath?):
            var sections = Set<WithholdableSection>()
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let section = WithholdableSection(name: name) else {
                    throw UserError(.usage, "--seal '\(name)' is not a section that may be sealed (\(WithholdableSection.allCases.map(\.name).joined(separator: ", "))); the safety floor (\(SafetyFloor.description)) is never sealed")
                }
                sections.insert(section)
            }
            guard !sections.isEmpty else { throw UserError(.usage, "--seal lists no section") }
            sealing = (sections, try EmergencyAccessSource.key(at: keyPath, root: arguments.value("root")))
        case (nil, _?): throw UserError(.usage, "--seal-to needs --seal LIST: the sections to seal")
        case (_?, nil): throw UserError(.usage, "--seal needs --seal-to FILE: the emergency-access public key")
        }
        if let holderPath = arguments.value("holder") {
            guard let base = arguments.value("out") else { throw UserError(.usage, "--holder needs --out BASE: the holder's credential is a file") }
            guard superseding == nil else { throw UserError(.usage, "--supersedes with --holder: supersede the old credential with medseal revoke --superseded, then issue") }
            let holderKey = try HolderKeyFile.load(path: holderPath)
            let bound = try CredentialIssuer(key: key).issue(document, holderKey: holderKey.publicKey, lifetime: lifetime, notBefore: try arguments.time("not-before"),
                                                             sealing: sealing)
            try FileStore.writeAtomically(Data((bound.token + "\n").utf8), to: base + ".token")
            let code = try CredentialFiles.write(token: bound.cardToken, base: base + "-card", errorCorrection: errorCorrection)
            console.out("Issued \(type.rawValue) credential \(ByteText.hex(bound.claims.credentialID)) for \(document.holder.name), bound to holder key \(holderKey.kidHex), expires \(Timestamps.format(Timestamps.date(epochSeconds: bound.claims.expiresAt ?? bound.claims.issuedAt + lifetime)))")
            console.out("Wrote \(base).token (the patient's credential: give it to them with their holder key; they show parts of it with medseal present)")
            console.out("Wrote \(base)-card.token, \(base)-card.png, \(base)-card.svg (the whole record, for the printed card): " + CredentialFiles.describe(code, token: bound.cardToken))
            if type == .emergency, let warning = CredentialFiles.denseCodeWarning(code) { console.error(console.warn(warning)) }
            return 0
        }
        let issued = try CredentialIssuer(key: key).issue(document, lifetime: lifetime, notBefore: try arguments.time("not-before"), sealing: sealing)
        let summary = "Issued \(type.rawValue) credential \(ByteText.hex(issued.claims.credentialID)) for \(document.holder.name), expires \(Timestamps.format(Timestamps.date(epochSeconds: issued.claims.expiresAt ?? issued.claims.issuedAt + lifetime)))"
        if let base = arguments.value("out") {
            let code = try CredentialFiles.write(token: issued.token, base: base, errorCorrection: errorCorrection)
            console.out(summary)
            console.out(CredentialFiles.describe(code, token: issued.token))
            console.out("Wrote \(base).token, \(base).png, \(base).svg")
            if type == .emergency, let warning = CredentialFiles.denseCodeWarning(code) { console.error(console.warn(warning)) }
        } else {
            let code = try QRCode(alphanumeric: issued.token, errorCorrection: errorCorrection)
            console.out(issued.token)
            console.error(summary + "; " + CredentialFiles.describe(code, token: issued.token))
            if type == .emergency, let warning = CredentialFiles.denseCodeWarning(code) { console.error(console.warn(warning)) }
        }
        if var (list, path, id) = superseding {
            list.add(hash: RevocationList.entryHash(issuer: key.publicKey.issuer, credentialID: id), reason: .superseded)
            try RevocationListFile.publish(&list, to: path, key: key, validity: listValidity)
            console.error("Marked \(ByteText.hex(id)) superseded in \(path) (list #\(list.sequence), \(EnglishCount.of(list.count, "entry", "entries"))); import it on verifiers with 'medseal-verify revocation import \(path)'")
        }
        return 0
    }
}

import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal key new`: creates an issuer (or root) signing key and its public key file.
enum KeyCommand {
    static let command = Command(CommandSpec(
        ["key", "new"],
        summary: "Create an issuer signing key (issuer.key, mode 0600) and its public key file (issuer.pub), or a patient's holder key.",
        options: [
            OptionSpec("issuer", "NAME", "The issuer's name, as credentials and verifiers will show it (required for issuer and root keys)."),
            OptionSpec("emergency-access", nil, "Create the authority's emergency-access key (emergency-access.key, mode 0600, and emergency-access.pub, X25519): issuers seal sensitive items to the .pub (issue --seal-to); its secret reaches emergency stations only in grants (medseal key grant)."),
            OptionSpec("name", "NAME", "With --emergency-access: the key's name, such as the authority's."),
            OptionSpec("holder", nil, "Create a patient's holder key (holder.key, mode 0600, and holder.pub): credentials issued with --holder holder.pub are bound to it, and only it signs their presentations."),
            OptionSpec("out", "DIR", "Folder for the key files (created if needed).", required: true),
            OptionSpec("valid-for", "DURATION", "The key's window, from now: 365d, 5y … (default 5y). Credentials it signs stop verifying when it ends."),
            OptionSpec("types", "LIST", "Credential types the key may sign (default emergency,vaccination)."),
            OptionSpec("root", nil, "Create a root key (root.key, root.pub) that signs trust bundles instead of credentials."),
            OptionSpec("passphrase-file", "FILE", "Encrypt the secret key with the passphrase on this file's first line (Argon2id + XSalsa20-Poly1305), for keys kept on shared disks."),
        ],
        details: "Prints the key id (kid). Give the .pub file to verifiers; never share the .key file."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        if arguments.has("holder") { return try holderKey(arguments, console) }
        if arguments.has("emergency-access") { return try emergencyAccessKey(arguments, console) }
        if arguments.value("name") != nil { throw UserError(.usage, "--name goes with --emergency-access (an issuer key takes --issuer NAME)") }
        let issuer = IssuerName.normalized(try arguments.required("issuer").trimmingCharacters(in: .whitespaces))
        guard !issuer.isEmpty, issuer.count <= 100 else { throw UserError(.usage, "--issuer must be 1 to 100 characters") }
        if let problem = IssuerName.problem(issuer) { throw UserError(.usage, "--issuer: \(problem)") }
        let role: KeyRole = arguments.has("root") ? .root : .issuer
        if role == .root && arguments.value("types") != nil { throw UserError(.usage, "a root key signs trust bundles, not credentials: --types does not apply") }
        let types = try Options.types(arguments.value("types"))
        let (key, folder) = try createKey(arguments, console, issuer: issuer, role: role, types: types, defaultValidity: 5 * 31_536_000)
        console.error("Created \(folder)/\(role.rawValue).key (secret, mode 0600) and \(folder)/\(role.rawValue).pub for '\(issuer)', valid until \(Timestamps.format(key.publicKey.notAfter)).")
        return 0
    }

    /// A new signing key of `role`, saved as `--out`/ROLE.key (mode 0600, encrypted with
    /// `--passphrase-file` when given) and ROLE.pub, valid for `--valid-for`; prints its kid.
    static func createKey(_ arguments: ParsedArguments, _ console: Console, issuer: String, role: KeyRole, types: Set<CredentialType>,
                          defaultValidity: Int64) throws(UserError) -> (IssuerSigningKey, folder: String) {
        let folder = try arguments.required("out")
        let validity = try Options.duration(arguments, "valid-for", default: defaultValidity)
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: issuer, notBefore: now, notAfter: now.addingTimeInterval(TimeInterval(validity)), types: types, role: role)
        try FileStore.ensureFolder(folder)
        let passphrase = try arguments.value("passphrase-file").map { file throws(UserError) in try IssuerSigningKey.newPassphrase(file: file) }
        try key.save(secretPath: "\(folder)/\(role.rawValue).key", publicPath: "\(folder)/\(role.rawValue).pub", passphrase: passphrase)
        console.out(key.publicKey.kidHex)
        return (key, folder)
    }
}

extension KeyCommand {
    /// `key new --holder`: the patient's key. It has no issuer name or types; its window only
    /// bounds how long it is kept (presentations are bounded by their credentials).
    static func holderKey(_ arguments: ParsedArguments, _ console: Console) throws(UserError) -> Int32 {
        for option in ["issuer", "types", "root"] where arguments.has(option) || arguments.value(option) != nil {
            throw UserError(.usage, "--\(option) does not apply to a holder key")
        }
        let (_, folder) = try createKey(arguments, console, issuer: "holder", role: .holder, types: [], defaultValidity: 10 * 31_536_000)
        console.error("Created \(folder)/holder.key (secret, mode 0600) and \(folder)/holder.pub. Give holder.pub to the clinic that issues your credential (medseal issue --holder); keep holder.key to yourself.")
        return 0
    }
}

extension KeyCommand {
    /// `key new --emergency-access --name NAME`: the authority's X25519 key for sealed items.
    static func emergencyAccessKey(_ arguments: ParsedArguments, _ console: Console) throws(UserError) -> Int32 {
        for option in ["issuer", "types", "root", "passphrase-file"] where arguments.has(option) || arguments.value(option) != nil {
            throw UserError(.usage, "--\(option) does not apply to an emergency-access key")
        }
        let name = try arguments.required("name").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw UserError(.usage, "--name must be 1 to 100 characters") }
        let folder = try arguments.required("out")
        let validity = try Options.duration(arguments, "valid-for", default: 2 * 31_536_000)
        let now = Date()
        let key = SealingSecret.generate(role: .emergencyAccess, name: name, notBefore: now, notAfter: now.addingTimeInterval(TimeInterval(validity)))
        try FileStore.ensureFolder(folder)
        try key.save(secretPath: "\(folder)/emergency-access.key", publicPath: "\(folder)/emergency-access.pub")
        console.out(key.publicKey.kidHex)
        console.error("Created \(folder)/emergency-access.key (secret, mode 0600) and \(folder)/emergency-access.pub. Give the .pub to issuers (medseal issue --seal … --seal-to); give the secret only to emergency stations, sealed to each (medseal key grant). To rotate, create a new key, grant it, and seal new credentials to it.")
        return 0
    }

    /// `key grant`: the emergency-access secret sealed to one station's key.
    static let grant = Command(CommandSpec(
        ["key", "grant"],
        summary: "Seal the emergency-access secret to one emergency station's key (its station.pub), as a grant file only that station can take in.",
        options: [
            OptionSpec("emergency-key", "FILE", "The secret emergency-access key (emergency-access.key).", required: true),
            OptionSpec("station", "FILE", "The station's public key (station.pub, from medseal-verify station init).", required: true),
            OptionSpec("out", "FILE", "The grant file to write.", required: true),
        ],
        details: "The station takes it in with 'medseal-verify emergency-access import FILE'. Never give grants to stores that schools or checkpoints use."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let secret = try SealingSecret.load(path: try arguments.required("emergency-key"), role: .emergencyAccess)
        let station = try SealingKey.load(path: try arguments.required("station"), role: .station)
        let out = try arguments.required("out")
        try FileStore.writeAtomically(secret.grant(to: station), to: out, mode: 0o600)
        console.error("Wrote \(out): emergency-access key \(secret.publicKey.kidHex) sealed to station '\(station.name)' (\(station.kidHex)).")
        return 0
    }
}

/// Option values shared by several commands.
enum Options {
    static func duration(_ arguments: ParsedArguments, _ name: String, default fallback: Int64) throws(UserError) -> Int64 {
        guard let text = arguments.value(name) else { return fallback }
        guard let seconds = Timestamps.parseDuration(text) else {
            throw UserError(.usage, "--\(name) '\(text)' is not a duration (a positive number followed by s, m, h, d, w or y, such as 365d)")
        }
        return seconds
    }

    static func types(_ text: String?) throws(UserError) -> Set<CredentialType> {
        guard let text else { return Set(CredentialType.allCases) }
        var types = Set<CredentialType>()
        for name in text.split(separator: ",") {
            guard let type = CredentialType(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw UserError(.usage, "unknown credential type '\(name)' (expected emergency or vaccination)")
            }
            types.insert(type)
        }
        guard !types.isEmpty else { throw UserError(.usage, "--types lists no credential type") }
        return types
    }

    static let passphraseFile = OptionSpec("passphrase-file", "FILE", "The passphrase of an encrypted key file (its first line).")
    /// `--ecc LEVEL`, for every command that draws a QR code.
    static let errorCorrectionLevel = OptionSpec("ecc", "LEVEL", "QR error correction L, M, Q or H (default Q).")
    /// `--out BASE`, for the commands that write a token with its QR code.
    static let outputBase = OptionSpec("out", "BASE", "Write BASE.token, BASE.png and BASE.svg; without it the token is printed.")

    /// The signing key named by `--key` (or the option `option`, of `role`), opened with
    /// `--passphrase-file` when given.
    static func signingKey(_ arguments: ParsedArguments, role: KeyRole, option: String = "key", required: Bool = true) throws(UserError) -> IssuerSigningKey? {
        guard let path = required ? try arguments.required(option) : arguments.value(option) else { return nil }
        let passphrase = try arguments.value("passphrase-file").map { file throws(UserError) in try IssuerSigningKey.passphrase(file: file) }
        return try IssuerSigningKey.load(path: path, role: role, passphrase: passphrase)
    }

    static func errorCorrection(_ arguments: ParsedArguments) throws(UserError) -> QRCode.ErrorCorrection {
        guard let text = arguments.value("ecc") else { return .quartile }
        guard let level = QRCode.ErrorCorrection(rawValue: text.uppercased()) else {
            throw UserError(.usage, "--ecc '\(text)' is not L, M, Q or H")
        }
        return level
    }
}

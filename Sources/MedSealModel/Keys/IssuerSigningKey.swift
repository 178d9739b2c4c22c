import Foundation
import MedSealEncoding

/// An issuer's secret signing key, with the public description it signs under.
/// Stored as a JSON file with mode 0600; its secret is never printed or logged.
public struct IssuerSigningKey: Sendable {
    /// The public half, as verifiers will trust it.
    public let publicKey: IssuerKey
    private let seed: [UInt8]
    private let secretKey: [UInt8]

    /// A signing key from a 32-byte seed.
    public init(seed: [UInt8], issuer: String, notBefore: Date, notAfter: Date, types: Set<CredentialType>, role: KeyRole = .issuer) {
        let pair = Sodium.ed25519KeyPair(seed: seed)
        self.seed = seed
        self.secretKey = pair.secretKey
        self.publicKey = IssuerKey(issuer: issuer, publicKey: pair.publicKey, notBefore: notBefore, notAfter: notAfter,
                                   types: role == .issuer ? types : [], role: role)
    }

    /// A new random key.
    public static func generate(issuer: String, notBefore: Date, notAfter: Date, types: Set<CredentialType> = Set(CredentialType.allCases),
                                role: KeyRole = .issuer) -> IssuerSigningKey {
        IssuerSigningKey(seed: Sodium.randomBytes(Sodium.seedLength), issuer: issuer, notBefore: notBefore, notAfter: notAfter, types: types, role: role)
    }

    /// An Ed25519 signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] { Sodium.ed25519Sign(message, secretKey: secretKey) }

    /// The secret key file's contents.
    public var fileData: Data { fileData(passphrase: nil) }

    /// The secret key file's contents; with a passphrase, the seed is stored encrypted
    /// (Argon2id derives a key from the passphrase, XSalsa20-Poly1305 seals the seed).
    public func fileData(passphrase: [UInt8]?, cost: Sodium.PasswordHashCost = .interactive) -> Data {
        var fields = publicKey.fields
        fields["format"] = publicKey.role.secretFormat
        if let passphrase {
            let salt = Sodium.randomBytes(Sodium.passwordSaltLength), nonce = Sodium.randomBytes(Sodium.secretBoxNonceLength)
            var key = Sodium.argon2id(passphrase, salt: salt, cost: cost)!
            defer { Sodium.wipe(&key) }
            fields["encryptedSeed"] = [
                "kdf": "argon2id13", "operations": cost.operations, "memory": cost.memory, "salt": ByteText.base64url(salt),
                "cipher": "xsalsa20poly1305", "nonce": ByteText.base64url(nonce), "ciphertext": ByteText.base64url(Sodium.secretBoxSeal(seed, nonce: nonce, key: key)),
            ] as [String: Any]
        } else {
            fields["seed"] = ByteText.base64url(seed)
        }
        fields["warning"] = publicKey.role == .holder
            ? "SECRET holder key. Keep this file private (mode 0600); anyone who has it can show your credentials as you."
            : "SECRET signing key. Keep this file private (mode 0600); anyone who has it can issue credentials in this issuer's name."
        return KeyFileJSON.serialize(fields)
    }

    /// Reads a secret key file, checking its fields and that its public half matches. An
    /// encrypted file needs its passphrase.
    public init(fileData data: Data, name: String, passphrase: [UInt8]? = nil) throws(UserError) {
        let object = try KeyFileJSON.object(data, name: name)
        let seed: [UInt8]
        if let sealed = object["encryptedSeed"] as? [String: Any] {
            guard let passphrase else {
                throw UserError(.key, "\(name) is encrypted; give its passphrase with --passphrase-file FILE")
            }
            seed = try IssuerSigningKey.open(sealed, passphrase: passphrase, name: name)
        } else if let seedText = object["seed"] as? String, let plain = ByteText.bytes(base64url: seedText), plain.count == Sodium.seedLength {
            guard passphrase == nil else {
                throw UserError(.usage, "\(name) is not encrypted, so --passphrase-file does not apply: leave it out (or encrypt the key by creating a new one with --passphrase-file)")
            }
            seed = plain
        } else {
            throw UserError(.key, "\(name): not a secret key file (seed missing or malformed)")
        }
        let described = try IssuerKey(fields: object, name: name, secret: true)
        self.init(seed: seed, issuer: described.issuer, notBefore: described.notBefore, notAfter: described.notAfter,
                  types: described.types, role: described.role)
        guard publicKey.publicKey == described.publicKey else {
            throw UserError(.key, "\(name): the seed does not match the publicKey in the file; the file was altered")
        }
    }

    /// The seed in an `encryptedSeed` object.
    static func open(_ sealed: [String: Any], passphrase: [UInt8], name: String) throws(UserError) -> [UInt8] {
        guard sealed["kdf"] as? String == "argon2id13", sealed["cipher"] as? String == "xsalsa20poly1305",
              let operations = (sealed["operations"] as? NSNumber)?.uint64Value, let memory = (sealed["memory"] as? NSNumber)?.intValue,
              let salt = (sealed["salt"] as? String).flatMap(ByteText.bytes(base64url:)), let nonce = (sealed["nonce"] as? String).flatMap(ByteText.bytes(base64url:)),
              let box = (sealed["ciphertext"] as? String).flatMap(ByteText.bytes(base64url:)) else {
            throw UserError(.key, "\(name): encryptedSeed is malformed")
        }
        guard operations <= maximumPasswordCost.operations, memory <= maximumPasswordCost.memory else {
            throw UserError(.key, "\(name): encryptedSeed asks for \(operations) Argon2id passes over \(memory >> 20) MiB, more than the \(maximumPasswordCost.operations) over \(maximumPasswordCost.memory >> 20) MiB accepted")
        }
        guard var key = Sodium.argon2id(passphrase, salt: salt, cost: Sodium.PasswordHashCost(operations: operations, memory: memory)) else {
            throw UserError(.key, "\(name): encryptedSeed has parameters out of range")
        }
        defer { Sodium.wipe(&key) }
        guard let seed = Sodium.secretBoxOpen(box, nonce: nonce, key: key), seed.count == Sodium.seedLength else {
            throw UserError(.key, "\(name): wrong passphrase (or the key file was altered)")
        }
        return seed
    }

    /// Reads the passphrase in the first line of `path` (at least 8 characters), without its
    /// line end or any byte order mark, so that a file saved by Notepad gives the same
    /// passphrase as one written by `echo`.
    public static func passphrase(file path: String) throws(UserError) -> [UInt8] {
        let text = try FileStore.readText(path, limit: 4_096)
        // A Swift string holds "\r\n" as one character, so splitting at "\n" would keep a
        // Windows line end in the passphrase; every kind of line end ends the line.
        let line = text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard line.count >= 8 else { throw UserError(.key, "\(path): the passphrase must be at least 8 characters (on the file's first line)") }
        return Array(line.utf8)
    }

    /// The passphrase for a new key: as ``passphrase(file:)``, and at least 8 characters
    /// that are not white space (a line of spaces, or a tab and a word, protects nothing).
    public static func newPassphrase(file path: String) throws(UserError) -> [UInt8] {
        let bytes = try passphrase(file: path)
        let visible = String(decoding: bytes, as: UTF8.self).unicodeScalars.filter { !$0.properties.isWhitespace }.count
        guard visible >= 8 else { throw UserError(.key, "\(path): the passphrase must have at least 8 characters that are not spaces") }
        return bytes
    }

    /// The most an encrypted key file may ask Argon2id to spend: 8 passes over 256 MiB
    /// (MedSeal writes 2 passes over 64 MiB). A file asking more is refused before any work,
    /// so that a planted key file cannot take gigabytes of memory and many seconds.
    public static let maximumPasswordCost = Sodium.PasswordHashCost(operations: 8, memory: 256 << 20)

    /// Reads a secret key file of the given role, refusing it when group or others may read
    /// or write it, or when it is a key of the other role. An encrypted file needs `passphrase`.
    public static func load(path: String, role: KeyRole, passphrase: [UInt8]? = nil) throws(UserError) -> IssuerSigningKey {
        let key = try load(path: path, passphrase: passphrase)
        guard key.publicKey.role == role else {
            let wanted: String
            switch role {
            case .root: wanted = "trust bundles are signed with a root key (medseal key new --root)"
            case .issuer: wanted = "credentials are signed with an issuer key (medseal key new --issuer NAME)"
            case .holder: wanted = "presentations are signed with the patient's holder key (medseal key new --holder)"
            }
            throw UserError(.key, "\(path) is a \(key.publicKey.role.rawValue) key; \(wanted)")
        }
        return key
    }

    /// Reads a secret key file, refusing it when group or others may read or write it.
    public static func load(path: String, passphrase: [UInt8]? = nil) throws(UserError) -> IssuerSigningKey {
        guard let mode = FileStore.permissions(of: path) else { throw UserError(.key, "\(path): no such key file") }
        if mode & 0o077 != 0 {
            throw UserError(.key, "\(path): permissions \(String(mode, radix: 8)) let others read the secret key; run chmod 600 \(path)")
        }
        let data: Data
        do { data = try FileStore.read(path) } catch { throw UserError(.key, error.message) }
        return try IssuerSigningKey(fileData: data, name: path, passphrase: passphrase)
    }

    /// Writes the secret key file (mode 0600; encrypted when a passphrase is given) and the
    /// public key file next to each other, refusing to overwrite an existing secret key.
    public func save(secretPath: String, publicPath: String, passphrase: [UInt8]? = nil) throws(UserError) {
        // The check for an existing key and the creation are one step (of two processes
        // creating the same key, one succeeds), and the public file is written only by the
        // process whose secret key was created, so the two files are always of one key.
        guard try FileStore.createExclusively(fileData(passphrase: passphrase), at: secretPath, mode: 0o600) else {
            throw UserError(.io, "\(secretPath) already exists; refusing to overwrite a signing key")
        }
        try FileStore.writeAtomically(publicKey.fileData, to: publicPath, mode: 0o644)
    }
}

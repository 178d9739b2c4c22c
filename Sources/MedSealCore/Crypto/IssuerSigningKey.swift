import Foundation

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
                                   types: role == .root ? [] : types, role: role)
    }

    /// A new random key.
    public static func generate(issuer: String, notBefore: Date, notAfter: Date, types: Set<CredentialType> = Set(CredentialType.allCases),
                                role: KeyRole = .issuer) -> IssuerSigningKey {
        IssuerSigningKey(seed: Sodium.randomBytes(Sodium.seedLength), issuer: issuer, notBefore: notBefore, notAfter: notAfter, types: types, role: role)
    }

    /// An Ed25519 signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] { Sodium.ed25519Sign(message, secretKey: secretKey) }

    /// The secret key file's contents.
    public var fileData: Data {
        var fields = publicKey.fields
        fields["format"] = publicKey.role.secretFormat
        fields["seed"] = ByteText.base64url(seed)
        fields["warning"] = "SECRET signing key. Keep this file private (mode 0600); anyone who has it can issue credentials in this issuer's name."
        return KeyFileJSON.serialize(fields)
    }

    /// Reads a secret key file, checking its fields and that its public half matches.
    public init(fileData data: Data, name: String) throws(UserError) {
        let object = try KeyFileJSON.object(data, name: name)
        guard let seedText = object["seed"] as? String, let seed = ByteText.bytes(base64url: seedText), seed.count == Sodium.seedLength else {
            throw UserError(.key, "\(name): not a secret key file (seed missing or malformed)")
        }
        let described = try IssuerKey(fields: object, name: name, secret: true)
        self.init(seed: seed, issuer: described.issuer, notBefore: described.notBefore, notAfter: described.notAfter,
                  types: described.types, role: described.role)
        guard publicKey.publicKey == described.publicKey else {
            throw UserError(.key, "\(name): the seed does not match the publicKey in the file; the file was altered")
        }
    }

    /// Reads a secret key file of the given role, refusing it when group or others may read
    /// or write it, or when it is a key of the other role.
    public static func load(path: String, role: KeyRole) throws(UserError) -> IssuerSigningKey {
        let key = try load(path: path)
        guard key.publicKey.role == role else {
            throw UserError(.key, role == .root
                ? "\(path) is an issuer key; trust bundles are signed with a root key (medseal key new --root)"
                : "\(path) is a root key, which signs only trust bundles; use an issuer key")
        }
        return key
    }

    /// Reads a secret key file, refusing it when group or others may read or write it.
    public static func load(path: String) throws(UserError) -> IssuerSigningKey {
        guard let mode = FileStore.permissions(of: path) else { throw UserError(.key, "\(path): no such key file") }
        if mode & 0o077 != 0 {
            throw UserError(.key, "\(path): permissions \(String(mode, radix: 8)) let others read the secret key; run chmod 600 \(path)")
        }
        let data: Data
        do { data = try FileStore.read(path) } catch { throw UserError(.key, error.message) }
        return try IssuerSigningKey(fileData: data, name: path)
    }

    /// Writes the secret key file (mode 0600) and the public key file next to each other,
    /// refusing to overwrite an existing secret key.
    public func save(secretPath: String, publicPath: String) throws(UserError) {
        guard !FileManager.default.fileExists(atPath: secretPath) else {
            throw UserError(.io, "\(secretPath) already exists; refusing to overwrite a signing key")
        }
        try FileStore.writeAtomically(fileData, to: secretPath, mode: 0o600)
        try FileStore.writeAtomically(publicKey.fileData, to: publicPath, mode: 0o644)
    }
}

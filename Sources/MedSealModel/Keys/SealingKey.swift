import Foundation
import MedSealEncoding

/// An X25519 key that things are sealed to (libsodium sealed boxes), never one that signs:
/// the **emergency-access key**, to which issuers seal a record's sensitive items and whose
/// secret half only emergency services' stations hold, and a **station key**, a verifier
/// station's own, to which the authority seals the emergency-access secret (a grant).
public struct SealingKey: Hashable, Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case emergencyAccess = "emergency-access"
        case station

        var publicFormat: String { "medseal-\(rawValue)-public-key/1" }
        var secretFormat: String { "medseal-\(rawValue)-secret-key/1" }
    }

    public let role: Role
    public let name: String
    /// The first 8 bytes of SHA-256 of the public key.
    public let kid: [UInt8]
    public let publicKey: [UInt8]
    public let notBefore: Date
    public let notAfter: Date

    public init(role: Role, name: String, publicKey: [UInt8], notBefore: Date, notAfter: Date) {
        self.role = role
        self.name = name
        self.kid = Array(Sodium.sha256(publicKey).prefix(8))
        self.publicKey = publicKey
        self.notBefore = Timestamps.date(epochSeconds: Timestamps.epochSeconds(notBefore))
        self.notAfter = Timestamps.date(epochSeconds: Timestamps.epochSeconds(notAfter))
    }

    public var kidHex: String { ByteText.hex(kid) }

    var fields: [String: Any] {
        ["format": role.publicFormat, "name": name, "kid": kidHex, "algorithm": "X25519", "publicKey": ByteText.base64url(publicKey),
         "notBefore": Timestamps.format(notBefore), "notAfter": Timestamps.format(notAfter)]
    }

    /// The public key file's contents.
    public var fileData: Data { KeyFileJSON.serialize(fields) }

    /// The key as a trust bundle carries an emergency-access key to issuers.
    public var cbor: CBOR {
        .textMap([("name", .text(name)), ("publicKey", .bytes(publicKey)), ("notBefore", .int(Timestamps.epochSeconds(notBefore))),
                  ("notAfter", .int(Timestamps.epochSeconds(notAfter)))])
    }

    /// Reads a key map written by ``cbor``.
    public init(cbor: CBOR, role: Role, layer: String) throws(FormatError) {
        let fields = try CBORFields(cbor, layer: layer, known: ["name", "publicKey", "notBefore", "notAfter"])
        let key = try fields.bytes("publicKey"), name = try fields.text("name")
        guard key.count == Sodium.boxPublicKeyLength, !name.isEmpty else { throw FormatError(layer, "publicKey must be an X25519 key and name not empty") }
        let notBefore = try fields.time("notBefore"), notAfter = try fields.time("notAfter")
        guard notBefore < notAfter else { throw FormatError(layer, "notBefore must come before notAfter") }
        self.init(role: role, name: name, publicKey: key, notBefore: Timestamps.date(epochSeconds: notBefore), notAfter: Timestamps.date(epochSeconds: notAfter))
    }

    /// Reads a public key file of `role`.
    public init(fileData data: Data, name file: String, role: Role) throws(UserError) {
        try self.init(fields: KeyFileJSON.object(data, name: file), file: file, format: role.publicFormat, role: role)
    }

    init(fields object: [String: Any], file: String, format: String, role: Role) throws(UserError) {
        guard object["format"] as? String == format else {
            throw UserError(.key, "\(file): not a \(role.rawValue) key file (format \(format))")
        }
        guard object["algorithm"] as? String == "X25519", let name = object["name"] as? String, !name.isEmpty,
              let key = (object["publicKey"] as? String).flatMap(ByteText.bytes(base64url:)), key.count == Sodium.boxPublicKeyLength,
              let notBefore = (object["notBefore"] as? String).flatMap(Timestamps.parse), let notAfter = (object["notAfter"] as? String).flatMap(Timestamps.parse),
              notBefore < notAfter else {
            throw UserError(.key, "\(file): name, algorithm X25519, publicKey, notBefore and notAfter are required")
        }
        self.init(role: role, name: name, publicKey: key, notBefore: notBefore, notAfter: notAfter)
        guard object["kid"] as? String == kidHex else { throw UserError(.key, "\(file): the kid does not match the public key; the file was altered") }
    }

    /// Reads the public key file at `path`.
    public static func load(path: String, role: Role) throws(UserError) -> SealingKey {
        let data: Data
        do { data = try FileStore.read(path) } catch { throw UserError(.key, error.message) }
        return try SealingKey(fileData: data, name: path, role: role)
    }

    /// `message` sealed to this key (with a fixed ephemeral seed only for conformance vectors).
    public func seal(_ message: [UInt8], ephemeralSeed: [UInt8]? = nil) -> [UInt8] {
        ephemeralSeed.map { Sodium.sealedBox(message, to: publicKey, ephemeralSeed: $0) } ?? Sodium.sealedBox(message, to: publicKey)
    }
}

/// The secret half of a ``SealingKey``, kept in a file of mode 0600 and never printed.
public struct SealingSecret: Sendable {
    public let publicKey: SealingKey
    private let seed: [UInt8]

    public init(seed: [UInt8], role: SealingKey.Role, name: String, notBefore: Date, notAfter: Date) {
        self.seed = seed
        publicKey = SealingKey(role: role, name: name, publicKey: Sodium.boxKeyPair(seed: seed).publicKey, notBefore: notBefore, notAfter: notAfter)
    }

    public static func generate(role: SealingKey.Role, name: String, notBefore: Date, notAfter: Date) -> SealingSecret {
        SealingSecret(seed: Sodium.randomBytes(32), role: role, name: name, notBefore: notBefore, notAfter: notAfter)
    }

    /// What a box sealed to this key holds, or `nil` when it was sealed to another or altered.
    public func open(_ box: [UInt8]) -> [UInt8]? {
        let pair = Sodium.boxKeyPair(seed: seed)
        return Sodium.openSealedBox(box, publicKey: pair.publicKey, secretKey: pair.secretKey)
    }

    /// The secret key file's contents.
    public var fileData: Data {
        var fields = publicKey.fields
        fields["format"] = publicKey.role.secretFormat
        fields["seed"] = ByteText.base64url(seed)
        fields["warning"] = "SECRET \(publicKey.role.rawValue) key. Keep this file private (mode 0600); anyone who has it can open what is sealed to it."
        return KeyFileJSON.serialize(fields)
    }

    public init(fileData data: Data, name file: String, role: SealingKey.Role) throws(UserError) {
        let object = try KeyFileJSON.object(data, name: file)
        guard let seed = (object["seed"] as? String).flatMap(ByteText.bytes(base64url:)), seed.count == 32 else {
            throw UserError(.key, "\(file): not a secret \(role.rawValue) key file (seed missing or malformed)")
        }
        let described = try SealingKey(fields: object, file: file, format: role.secretFormat, role: role)
        self.init(seed: seed, role: role, name: described.name, notBefore: described.notBefore, notAfter: described.notAfter)
        guard publicKey.publicKey == described.publicKey else { throw UserError(.key, "\(file): the seed does not match the publicKey; the file was altered") }
    }

    /// Reads a secret key file, refusing one that group or others may read.
    public static func load(path: String, role: SealingKey.Role) throws(UserError) -> SealingSecret {
        guard let mode = FileStore.permissions(of: path) else { throw UserError(.key, "\(path): no such key file") }
        if mode & 0o077 != 0 { throw UserError(.key, "\(path): permissions \(String(mode, radix: 8)) let others read the secret key; run chmod 600 \(path)") }
        let data: Data
        do { data = try FileStore.read(path) } catch { throw UserError(.key, error.message) }
        return try SealingSecret(fileData: data, name: path, role: role)
    }

    /// Writes the secret file (mode 0600, never over an existing one) and the public file.
    public func save(secretPath: String, publicPath: String) throws(UserError) {
        guard try FileStore.createExclusively(fileData, at: secretPath, mode: 0o600) else {
            throw UserError(.io, "\(secretPath) already exists; refusing to overwrite a secret key")
        }
        try FileStore.writeAtomically(publicKey.fileData, to: publicPath, mode: 0o644)
    }

    /// A grant: this (emergency-access) secret sealed to a station's key, so that only that
    /// station can take it in. The file names both keys; it holds nothing readable without
    /// the station's secret.
    public func grant(to station: SealingKey) -> Data {
        var fields = publicKey.fields
        fields["format"] = SealingSecret.grantFormat
        fields["station"] = station.kidHex
        fields["sealedSeed"] = ByteText.base64url(station.seal(seed))
        return KeyFileJSON.serialize(fields)
    }

    static let grantFormat = "medseal-emergency-access-grant/1"

    /// The emergency-access secret in a grant, opened with this station's secret.
    public func openGrant(_ data: Data, name file: String) throws(UserError) -> SealingSecret {
        let object = try KeyFileJSON.object(data, name: file)
        let described = try SealingKey(fields: object, file: file, format: SealingSecret.grantFormat, role: .emergencyAccess)
        guard object["station"] as? String == publicKey.kidHex else {
            throw UserError(.key, "\(file) was sealed to station \(object["station"] as? String ?? "?"), not to this station (\(publicKey.kidHex))")
        }
        guard let box = (object["sealedSeed"] as? String).flatMap(ByteText.bytes(base64url:)), var seed = open(box), seed.count == 32 else {
            throw UserError(.key, "\(file): the sealed key does not open with this station's key (altered, or sealed to another)")
        }
        defer { Sodium.wipe(&seed) }
        let secret = SealingSecret(seed: seed, role: .emergencyAccess, name: described.name, notBefore: described.notBefore, notAfter: described.notAfter)
        guard secret.publicKey.publicKey == described.publicKey else { throw UserError(.key, "\(file): the sealed key does not match its public key") }
        return secret
    }
}

import Foundation

/// An issuer's public key as a verifier trusts it: who it belongs to, its id, its
/// algorithm, when it may sign and what it may sign. Stored as `NAME.pub` JSON files.
public struct IssuerKey: Hashable, Sendable {
    public var issuer: String
    /// The 8-byte key id: the first 8 bytes of SHA-256 of the public key.
    public var kid: [UInt8]
    /// The only algorithm this key verifies with, whatever a token's header says.
    public var algorithm: COSESign1.Algorithm
    public var publicKey: [UInt8]
    /// The key may sign credentials issued (`iat`) from this moment …
    public var notBefore: Date
    /// … until this moment.
    public var notAfter: Date
    /// The credential types the key may sign.
    public var types: Set<CredentialType>

    /// The file format name written into public key files.
    public static let format = "medseal-issuer-public-key/1"

    public init(issuer: String, publicKey: [UInt8], notBefore: Date, notAfter: Date, types: Set<CredentialType>) {
        self.issuer = issuer
        self.kid = IssuerKey.kid(for: publicKey)
        self.algorithm = .edDSA
        self.publicKey = publicKey
        // Key files store whole seconds; keep the same precision in memory.
        self.notBefore = Timestamps.date(epochSeconds: Timestamps.epochSeconds(notBefore))
        self.notAfter = Timestamps.date(epochSeconds: Timestamps.epochSeconds(notAfter))
        self.types = types
    }

    /// The key id of an Ed25519 public key.
    public static func kid(for publicKey: [UInt8]) -> [UInt8] { Array(Sodium.sha256(publicKey).prefix(8)) }

    /// The key id as 16 hexadecimal digits.
    public var kidHex: String { ByteText.hex(kid) }

    /// The public fields as JSON object entries (shared with the secret key file).
    var fields: [String: Any] {
        [
            "format": IssuerKey.format,
            "issuer": issuer,
            "kid": kidHex,
            "algorithm": algorithm.name,
            "publicKey": ByteText.base64url(publicKey),
            "notBefore": Timestamps.format(notBefore),
            "notAfter": Timestamps.format(notAfter),
            "types": types.map(\.rawValue).sorted(),
        ]
    }

    /// The public key file's contents.
    public var fileData: Data { KeyFileJSON.serialize(fields) }

    /// Reads a public key file, checking every field and that the kid matches the key.
    public init(fileData data: Data, name: String) throws(UserError) {
        let object = try KeyFileJSON.object(data, name: name)
        try self.init(fields: object, name: name, expectedFormat: IssuerKey.format)
    }

    init(fields object: [String: Any], name: String, expectedFormat: String) throws(UserError) {
        func string(_ key: String) throws(UserError) -> String {
            guard let value = object[key] as? String, !value.isEmpty else { throw UserError(.key, "\(name): \(key) is missing or not text") }
            return value
        }
        guard try string("format") == expectedFormat else {
            throw UserError(.key, "\(name): format is not \(expectedFormat)")
        }
        guard try string("algorithm") == COSESign1.Algorithm.edDSA.name else {
            throw UserError(.key, "\(name): algorithm must be EdDSA")
        }
        guard let publicKey = ByteText.bytes(base64url: try string("publicKey")), publicKey.count == Sodium.publicKeyLength else {
            throw UserError(.key, "\(name): publicKey is not a base64url Ed25519 public key")
        }
        guard let notBefore = Timestamps.parse(try string("notBefore")), let notAfter = Timestamps.parse(try string("notAfter")), notBefore < notAfter else {
            throw UserError(.key, "\(name): notBefore and notAfter must be ISO 8601 times, notBefore first")
        }
        guard let typeNames = object["types"] as? [String], !typeNames.isEmpty else {
            throw UserError(.key, "\(name): types must list emergency and/or vaccination")
        }
        var types = Set<CredentialType>()
        for typeName in typeNames {
            guard let type = CredentialType(rawValue: typeName) else { throw UserError(.key, "\(name): unknown credential type '\(typeName)'") }
            types.insert(type)
        }
        self.init(issuer: try string("issuer"), publicKey: publicKey, notBefore: notBefore, notAfter: notAfter, types: types)
        guard ByteText.bytes(hex: try string("kid")) == kid else {
            throw UserError(.key, "\(name): kid does not match the public key (expected \(kidHex)); the file was altered")
        }
    }
}

/// JSON reading and writing for key files: an object with sorted keys and a final newline.
enum KeyFileJSON {
    static func serialize(_ object: [String: Any]) -> Data {
        var data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        data.append(0x0A)
        return data
    }

    static func object(_ data: Data, name: String) throws(UserError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw UserError(.key, "\(name): not a key file (expected a JSON object)")
        }
        return object
    }
}

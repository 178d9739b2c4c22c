import Foundation
import MedSealEncoding

/// What a key signs: credentials and revocation lists (an issuer key), or trust bundles
/// that list issuer keys (a root key).
public enum KeyRole: String, Hashable, Sendable, CaseIterable {
    case issuer
    case root
    /// A patient's key, which signs presentations of the credentials bound to it; never a
    /// key a verifier trusts as an issuer.
    case holder

    /// The format name of this role's public key files.
    public var publicFormat: String { "medseal-\(rawValue)-public-key/1" }
    /// The format name of this role's secret key files.
    public var secretFormat: String { "medseal-\(rawValue)-secret-key/1" }
}

/// An issuer's public key as a verifier trusts it: who it belongs to, its id, its
/// algorithm, when it is trusted and what it may sign. Stored as `NAME.pub` JSON files.
///
/// The window (`notBefore` … `notAfter`) bounds both when the key may sign and how long
/// what it signed is trusted: after `notAfter`, credentials signed by it are no longer valid.
public struct IssuerKey: Hashable, Sendable {
    /// Whether this is an issuer key or a root key that signs trust bundles.
    public var role: KeyRole
    /// The issuer's (or root's) name.
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
    /// The credential types the key may sign (empty for a root key).
    public var types: Set<CredentialType>

    public init(issuer: String, publicKey: [UInt8], notBefore: Date, notAfter: Date, types: Set<CredentialType>, role: KeyRole = .issuer) {
        self.role = role
        self.issuer = IssuerName.normalized(issuer)
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

    /// This key with its window cut to `window` (a bundle's key to its root's), or `nil` when
    /// nothing of its window is left.
    public func limited(to window: ClosedRange<Int64>) -> IssuerKey? {
        let own = windowSeconds
        guard own.lowerBound < window.lowerBound || own.upperBound > window.upperBound else { return self }
        let start = max(own.lowerBound, window.lowerBound), end = min(own.upperBound, window.upperBound)
        guard start < end else { return nil }
        var key = self
        key.notBefore = Timestamps.date(epochSeconds: start)
        key.notAfter = Timestamps.date(epochSeconds: end)
        return key
    }

    /// The key id as 16 hexadecimal digits.
    public var kidHex: String { ByteText.hex(kid) }

    /// The window as whole seconds since 1970.
    public var windowSeconds: ClosedRange<Int64> { Timestamps.epochSeconds(notBefore)...Timestamps.epochSeconds(notAfter) }

    /// The public fields as JSON object entries (shared with the secret key file).
    var fields: [String: Any] {
        var fields: [String: Any] = [
            "format": role.publicFormat,
            "issuer": issuer,
            "kid": kidHex,
            "algorithm": algorithm.name,
            "publicKey": ByteText.base64url(publicKey),
            "notBefore": Timestamps.format(notBefore),
            "notAfter": Timestamps.format(notAfter),
        ]
        if role == .issuer { fields["types"] = types.map(\.rawValue).sorted() }
        return fields
    }

    /// The public key file's contents.
    public var fileData: Data { KeyFileJSON.serialize(fields) }

    /// Reads a public key file, checking every field and that the kid matches the key.
    public init(fileData data: Data, name: String) throws(UserError) {
        let object = try KeyFileJSON.object(data, name: name)
        try self.init(fields: object, name: name, secret: false)
    }

    /// Reads the public fields of a public (or, with `secret`, a secret) key file of either role.
    init(fields object: [String: Any], name: String, secret: Bool) throws(UserError) {
        func string(_ key: String) throws(UserError) -> String {
            guard let value = object[key] as? String, !value.isEmpty else { throw UserError(.key, "\(name): \(key) is missing or not text") }
            return value
        }
        let format = try string("format")
        guard let role = KeyRole.allCases.first(where: { (secret ? $0.secretFormat : $0.publicFormat) == format }) else {
            let expected = KeyRole.allCases.map { secret ? $0.secretFormat : $0.publicFormat }.joined(separator: ", ")
            throw UserError(.key, "\(name): format '\(format)' is not one of \(expected)")
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
        var types = Set<CredentialType>()
        if role == .issuer {
            guard let typeNames = object["types"] as? [String], !typeNames.isEmpty else {
                throw UserError(.key, "\(name): types must list emergency and/or vaccination")
            }
            for typeName in typeNames {
                guard let type = CredentialType(rawValue: typeName) else { throw UserError(.key, "\(name): unknown credential type '\(typeName)'") }
                types.insert(type)
            }
        } else if object["types"] != nil {
            throw UserError(.key, "\(name): a \(role.rawValue) key lists no credential types")
        }
        let issuer = try string("issuer")
        if let problem = IssuerName.problem(issuer) { throw UserError(.key, "\(name): \(problem)") }
        guard Timestamps.isPlausible(Timestamps.epochSeconds(notBefore)), Timestamps.isPlausible(Timestamps.epochSeconds(notAfter)) else {
            throw UserError(.key, "\(name): notBefore and notAfter must lie between the years 1970 and 9999")
        }
        self.init(issuer: issuer, publicKey: publicKey, notBefore: notBefore, notAfter: notAfter, types: types, role: role)
        guard ByteText.bytes(hex: try string("kid")) == kid else {
            throw UserError(.key, "\(name): kid does not match the public key (expected \(kidHex)); the file was altered")
        }
    }
}

extension IssuerKey {
    /// The key as a CBOR map with text keys (in trust bundles and the verifier's store).
    public var cbor: CBOR {
        var fields: [(String, CBOR)] = [
            ("issuer", .text(issuer)),
            ("publicKey", .bytes(publicKey)),
            ("notBefore", .int(Timestamps.epochSeconds(notBefore))),
            ("notAfter", .int(Timestamps.epochSeconds(notAfter))),
        ]
        if role == .issuer { fields.append(("types", .array(types.map(\.rawValue).sorted().map(CBOR.text)))) }
        return .textMap(fields)
    }

    /// Reads a key map written by ``cbor``.
    public init(cbor: CBOR, role: KeyRole, layer: String) throws(FormatError) {
        let fields = try CBORFields(cbor, layer: layer, known: ["issuer", "publicKey", "notBefore", "notAfter", "types"])
        let publicKey = try fields.bytes("publicKey")
        guard publicKey.count == Sodium.publicKeyLength else { throw FormatError(layer, "publicKey is not an Ed25519 public key") }
        let notBefore = try fields.time("notBefore"), notAfter = try fields.time("notAfter")
        guard notBefore < notAfter else { throw FormatError(layer, "notBefore must come before notAfter") }
        let issuer = try fields.text("issuer")
        if let problem = IssuerName.problem(issuer) { throw FormatError(layer, problem) }
        var types = Set<CredentialType>()
        if role == .issuer {
            for item in try fields.array("types") {
                guard case .text(let name) = item, let type = CredentialType(rawValue: name) else {
                    throw FormatError(layer, "types must list emergency and/or vaccination")
                }
                types.insert(type)
            }
            guard !types.isEmpty else { throw FormatError(layer, "types must list emergency and/or vaccination") }
        } else if fields.has("types") {
            throw FormatError(layer, "a root key lists no credential types")
        }
        self.init(issuer: issuer, publicKey: publicKey, notBefore: Timestamps.date(epochSeconds: notBefore),
                  notAfter: Timestamps.date(epochSeconds: notAfter), types: types, role: role)
    }
}

/// JSON reading and writing for key files: an object with sorted keys and a final newline.
enum KeyFileJSON {
    static func serialize(_ object: [String: Any]) -> Data {
        var data = (try? JSONWriter.data(object, pretty: true)) ?? Data()
        data.append(0x0A)
        return data
    }

    static func object(_ data: Data, name: String) throws(UserError) -> [String: Any] {
        guard let object = JSONTape.object(data) else {
            throw UserError(.key, "\(name): not a key file (expected one JSON object, each name once)")
        }
        return object
    }
}

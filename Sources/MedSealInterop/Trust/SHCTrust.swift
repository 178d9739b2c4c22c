import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The SMART Health Card issuers this verifier trusts, kept in the store as
/// `interop-shc.trust` (sealed: magic, SHA-256, JSON): each issuer's signing keys from its
/// `jwks.json`, and the CRLs imported for them.
public struct SHCTrust: Codable, Sendable {
    public var issuers: [SHCIssuer] = []

    static let fileName = "interop-shc.trust"
    static let magic = "MSSHCTR1"

    public init() {}

    /// The stored issuers, or none when nothing was imported.
    public static func load(_ store: VerifierStore) throws(UserError) -> SHCTrust {
        try InteropFile.load(SHCTrust.self, store: store, name: fileName, magic: magic) ?? SHCTrust()
    }

    func save(_ store: VerifierStore) throws(UserError) {
        try InteropFile.save(self, store: store, name: SHCTrust.fileName, magic: SHCTrust.magic)
    }

    /// The issuer with exactly this `iss`.
    public func issuer(_ iss: String) -> SHCIssuer? { issuers.first { $0.iss == iss } }
}

/// One SMART Health Card issuer: its `iss`, keys and CRLs.
public struct SHCIssuer: Codable, Sendable {
    public var iss: String
    public var keys: [SHCKey]
    public var revocationLists: [SHCRevocationList]
    /// When its keys were last imported, seconds since 1970.
    public var importedAt: Int64

    public func revocationList(kid: String) -> SHCRevocationList? { revocationLists.first { $0.kid == kid } }
}

/// An issuer's ES256 signing key from its JWKS.
public struct SHCKey: Codable, Sendable, Hashable {
    /// The kid: the key's RFC 7638 thumbprint.
    public var kid: String
    /// The P-256 coordinates, base64url.
    public var x: String
    public var y: String
    /// The version of the CRL the issuer says it publishes for this key, when it has one.
    public var crlVersion: Int?
    /// The validity of the key's x5c leaf certificate, when the JWK carries one.
    public var certificateNotBefore: Int64?
    public var certificateNotAfter: Int64?

    /// The key for signature checks (the coordinates were checked on import).
    public func publicKey() throws(FormatError) -> ForeignPublicKey {
        guard let x = ByteText.bytes(base64url: x), let y = ByteText.bytes(base64url: y) else { throw FormatError("key", "stored coordinates are unreadable") }
        return try ForeignPublicKey.p256(x: x, y: y)
    }
}

/// An issuer's CRL for one key: `rid` entries, each optionally with a time (`rid.T`: only
/// cards issued before T are revoked).
public struct SHCRevocationList: Codable, Sendable {
    public var kid: String
    /// The CRL's counter; a larger one replaces a smaller one.
    public var ctr: Int
    /// Revoked rids and, for `rid.T` entries, T (seconds since 1970).
    public var entries: [String: Int64?]

    /// Whether a card with `rid` and `nbf` is revoked by this list, and from when.
    public func revokes(rid: String, notBefore: Double) -> Bool {
        guard let entry = entries[rid] else { return false }
        guard let cutoff = entry else { return true }
        return notBefore < Double(cutoff)
    }
}

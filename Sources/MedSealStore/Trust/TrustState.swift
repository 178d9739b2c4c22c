import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Where a trusted key came from.
public enum KeySource: Hashable, Sendable {
    /// Added one by one (`medseal-verify trust add`, or `trust add-root` for a root).
    case added
    /// Listed in the last bundle imported from the root with this kid.
    case bundle(rootKid: [UInt8])
    /// A `.pub` file placed in the trust folder by hand.
    case file(String)

    /// A few words for listings.
    public var description: String {
        switch self {
        case .added: return "added"
        case .bundle(let rootKid): return "bundle from root \(ByteText.hex(rootKid))"
        case .file(let name): return "file \(name)"
        }
    }
}

/// A key the verifier trusts, where it came from, and when that was last updated.
public struct TrustedKey: Hashable, Sendable {
    public var key: IssuerKey
    public var source: KeySource
    /// When the key was added or its bundle imported, seconds since 1970.
    public var updatedAt: Int64

    public init(key: IssuerKey, source: KeySource, updatedAt: Int64) {
        self.key = key
        self.source = source
        self.updatedAt = updatedAt
    }

    var cbor: CBOR {
        var fields: [(String, CBOR)] = [("key", key.cbor), ("updatedAt", .int(updatedAt))]
        if case .bundle(let rootKid) = source { fields.append(("source", .bytes(rootKid))) }
        return .textMap(fields)
    }

    init(cbor: CBOR, role: KeyRole) throws(FormatError) {
        let fields = try CBORFields(cbor, layer: "trust index", known: ["key", "updatedAt", "source"])
        key = try IssuerKey(cbor: try fields.value("key"), role: role, layer: "trust index")
        updatedAt = try fields.time("updatedAt")
        source = fields.has("source") ? .bundle(rootKid: try fields.bytes("source")) : .added
    }
}

/// What the verifier remembers of a bundle it imported.
public struct BundleRecord: Hashable, Sendable {
    public var rootKid: [UInt8]
    public var sequence: Int64
    public var issuedAt: Int64
    public var importedAt: Int64
    /// SHA-256 of the bundle file, to recognise the same bundle imported twice.
    public var digest: [UInt8]

    var cbor: CBOR {
        .textMap([("root", .bytes(rootKid)), ("sequence", .int(sequence)), ("issuedAt", .int(issuedAt)),
                  ("importedAt", .int(importedAt)), ("digest", .bytes(digest))])
    }

    init(rootKid: [UInt8], sequence: Int64, issuedAt: Int64, importedAt: Int64, digest: [UInt8]) {
        self.rootKid = rootKid
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.importedAt = importedAt
        self.digest = digest
    }

    init(cbor: CBOR) throws(FormatError) {
        let fields = try CBORFields(cbor, layer: "trust index", known: ["root", "sequence", "issuedAt", "importedAt", "digest"])
        self.init(rootKid: try fields.bytes("root"), sequence: try fields.int("sequence"), issuedAt: try fields.time("issuedAt"),
                  importedAt: try fields.time("importedAt"), digest: try fields.bytes("digest"))
    }
}

/// Everything the verifier's store trusts: roots, the bundles imported from them, and
/// issuer keys (added one by one or from bundles).
public struct TrustState: Sendable {
    public var roots: [TrustedKey] = []
    public var bundles: [BundleRecord] = []
    public var keys: [TrustedKey] = []

    public init() {}
}

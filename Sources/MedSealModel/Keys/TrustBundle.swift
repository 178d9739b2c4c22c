import MedSealEncoding

/// A root-signed list of issuer keys, for distributing many keys at once (USB stick, file
/// share). A verifier accepts it only from a root it trusts and only when its sequence
/// number is newer than the last one it imported from that root; the bundle's keys then
/// replace that root's previous keys.
public struct TrustBundle: Sendable {
    /// Increases with every bundle a root publishes.
    public var sequence: Int64
    /// When the bundle was signed, seconds since 1970.
    public var issuedAt: Int64
    public var keys: [IssuerKey]
    /// The emergency-access keys issuers seal sensitive items to (public halves only: their
    /// secrets never travel in a bundle). Verifiers take no key from here.
    public var emergencyAccess: [SealingKey] = []

    /// The payload's format name.
    public static let format = "medseal-trust-bundle/1"
    /// Most keys one bundle may hold.
    public static let maximumKeys = 100_000

    public init(sequence: Int64, issuedAt: Int64, keys: [IssuerKey], emergencyAccess: [SealingKey] = []) {
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.keys = keys
        self.emergencyAccess = emergencyAccess
    }

    /// The payload: `{"format", "sequence", "issuedAt", "keys": [key…]}`, and
    /// `"emergencyAccess": [key…]` when it carries emergency-access keys.
    public var payload: CBOR {
        var fields: [(String, CBOR)] = [
            ("format", .text(TrustBundle.format)),
            ("sequence", .int(sequence)),
            ("issuedAt", .int(issuedAt)),
            ("keys", .array(keys.map(\.cbor))),
        ]
        if !emergencyAccess.isEmpty { fields.append(("emergencyAccess", .array(emergencyAccess.map(\.cbor)))) }
        return .textMap(fields)
    }

    /// The signed file's bytes.
    public func signed(by root: IssuerSigningKey) -> [UInt8] { SignedFile.sign(payload, kind: .trustBundle, key: root) }

    /// Parses a signed bundle file (its signature is checked by the importer, against the
    /// roots the verifier trusts).
    public static func open(_ bytes: [UInt8]) throws(FormatError) -> (bundle: TrustBundle, message: COSESign1) {
        let (message, payload) = try SignedFile.open(bytes, kind: .trustBundle)
        return (try read(payload), message)
    }

    /// The bundle in a decoded payload.
    public static func read(_ payload: CBOR) throws(FormatError) -> TrustBundle {
        let fields = try CBORFields(payload, layer: "trust bundle", known: ["format", "sequence", "issuedAt", "keys", "emergencyAccess"])
        try fields.require("format", equals: format)
        let sequence = try fields.int("sequence")
        guard sequence >= 1 else { throw FormatError("trust bundle", "sequence must be 1 or more") }
        let items = try fields.array("keys")
        guard items.count <= maximumKeys else { throw FormatError("trust bundle", "more than \(maximumKeys) keys") }
        var keys = [IssuerKey]()
        keys.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            keys.append(try IssuerKey(cbor: item, role: .issuer, layer: "trust bundle key \(index + 1)"))
        }
        var emergencyAccess = [SealingKey]()
        if fields.has("emergencyAccess") {
            let access = try fields.array("emergencyAccess")
            guard access.count <= 16 else { throw FormatError("trust bundle", "more than 16 emergency-access keys") }
            for (index, item) in access.enumerated() {
                emergencyAccess.append(try SealingKey(cbor: item, role: .emergencyAccess, layer: "trust bundle emergency-access key \(index + 1)"))
            }
        }
        return TrustBundle(sequence: sequence, issuedAt: try fields.time("issuedAt"), keys: keys, emergencyAccess: emergencyAccess)
    }
}

import MedSealEncoding

/// One part of a record its holder may withhold, as the issuer salted it:
/// `[salt, label, value]` (the salted disclosures of SD-CWT, draft-ietf-spice-sd-cwt). The
/// issuer signs only its ``digest``; the holder reveals the disclosure to show the part.
///
/// The label is an integer: for an emergency summary, the field number of the section
/// (``WithholdableSection``); for a vaccination record, the number of the vaccine's group of
/// doses (1, 2, …). The value is the part's compact CBOR, as a plain token would carry it.
public struct Disclosure: Hashable, Sendable {
    /// 128 random bits: a withheld part cannot be guessed by hashing candidate values.
    public static let saltLength = 16
    /// SHA-256 cut to 128 bits: finding another disclosure with a signed digest (a second
    /// preimage) takes about 2¹²⁸ hashes.
    public static let digestLength = 16

    public let salt: [UInt8]
    public let label: Int64
    public let value: CBOR

    public init(salt: [UInt8] = Sodium.randomBytes(Disclosure.saltLength), label: Int64, value: CBOR) {
        self.salt = salt
        self.label = label
        self.value = value
    }

    /// The disclosure as CBOR: `[salt, label, value]`.
    public var cbor: CBOR { .array([.bytes(salt), .int(label), value]) }

    /// Its deterministic encoding, which the digest is taken of.
    public var encoded: [UInt8] { CBORWriter.encode(cbor) }

    /// The digest the issuer signs: the first ``digestLength`` bytes of SHA-256 of ``encoded``.
    public var digest: [UInt8] { Array(Sodium.sha256(encoded).prefix(Disclosure.digestLength)) }

    /// Reads a disclosure; a description of what is wrong otherwise.
    public init(cbor: CBOR) throws(FormatError) {
        guard case .array(let items) = cbor, items.count == 3, case .bytes(let salt) = items[0], salt.count == Disclosure.saltLength,
              let label = items[1].intValue else {
            throw FormatError("presentation", "a disclosure must be [salt of \(Disclosure.saltLength) bytes, label, value]")
        }
        self.init(salt: salt, label: label, value: items[2])
    }

    /// The value read as a list of `T` in its compact form; nil when it is not one.
    public static func list<T: CompactDecodable>(_ value: CBOR?, of type: T.Type) -> [T]? {
        guard let value else { return nil }
        var cursor = CBORCursor(CBORWriter.encode(value), layer: "presentation")
        guard let items = try? cursor.readList(of: type), cursor.isAtEnd else { return nil }
        return items
    }
}

import MedSealEncoding

/// One part of a record its holder may withhold, as the issuer salted it:
/// `[salt, label, value]` (the salted disclosures of SD-CWT, draft-ietf-spice-sd-cwt). The
/// issuer signs only its ``digest``; the holder reveals the disclosure to show the part.
///
/// The label is an integer: for an emergency summary, the field number of the section
/// (``WithholdableSection``); for a vaccination record, the number of the vaccine's group of
/// doses (1, 2, …). The value is the part's compact CBOR, as a plain token would carry it.
/// A disclosure keeps its encoding: the digest is taken of it, the holder signs it, and a
/// verifier reads the value from it in place.
public struct Disclosure: Hashable, Sendable {
    /// 128 random bits: a withheld part cannot be guessed by hashing candidate values.
    public static let saltLength = 16
    /// SHA-256 cut to 128 bits: finding another disclosure with a signed digest (a second
    /// preimage) takes about 2¹²⁸ hashes.
    public static let digestLength = 16

    public let salt: [UInt8]
    public let label: Int64
    /// The deterministic encoding of `[salt, label, value]`.
    public let encoded: [UInt8]
    /// Where the value starts in ``encoded``.
    public let valueStart: Int

    public init(salt: [UInt8] = Sodium.randomBytes(Disclosure.saltLength), label: Int64, value: CBOR) {
        self.salt = salt
        self.label = label
        let head = CBORWriter.encode(.array([.bytes(salt), .int(label)]))
        // The array of three: its head byte counts 3, then the salt and label as encoded, then the value.
        encoded = [0x83] + head.dropFirst() + CBORWriter.encode(value)
        valueStart = head.count
    }

    /// Reads a disclosure from its encoding: `[salt of 16 bytes, integer label, value]`. The
    /// value's structure is walked, not checked: the reader of the part checks it.
    public init(encoded bytes: [UInt8]) throws(FormatError) {
        var cursor = CBORCursor(bytes, layer: "presentation")
        guard (try? cursor.readArrayCount()) == 3, let salt = try? cursor.readBytes(), salt.count == Disclosure.saltLength,
              let label = try? cursor.readInt() else {
            throw FormatError("presentation", "a disclosure must be [salt of \(Disclosure.saltLength) bytes, label, value]")
        }
        let start = cursor.position
        try cursor.skipStructure()
        guard cursor.isAtEnd else { throw cursor.fail("unexpected bytes after a disclosure") }
        self.salt = salt
        self.label = label
        encoded = bytes
        valueStart = start
    }

    /// The value as a tree.
    public var value: CBOR { (try? CBORReader.decode(Array(encoded[valueStart...]), layer: "presentation")) ?? .null }

    /// A cursor on the value, for reading it in place.
    public var valueCursor: CBORCursor { CBORCursor(encoded, at: valueStart, layer: "presentation") }

    /// The digest the issuer signs: the first ``digestLength`` bytes of SHA-256 of ``encoded``.
    public var digest: [UInt8] { Array(Sodium.sha256(encoded).prefix(Disclosure.digestLength)) }

    /// The value read as a list of `T` in its compact form; nil when it is not one.
    public func list<T: CompactDecodable>(of type: T.Type) -> [T]? {
        var cursor = valueCursor
        guard let items = try? cursor.readList(of: type), cursor.isAtEnd else { return nil }
        return items
    }
}

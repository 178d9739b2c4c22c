import MedSealEncoding

/// Sensitive parts of an emergency summary the issuer sealed to an emergency-access key
/// (claim -65540: `[kid of the key, sealed box]`). The box holds a CBOR map of section label
/// to value, as disclosures do, packed as body form 2 packs a payload (``PackedCBOR`` with
/// ``ClinicalVocabulary/version2``: a sealed box cannot be compressed once sealed); only a station holding the key's secret opens it, and only when
/// its operator breaks the glass. Everyone else sees that sealed items exist, and under which key.
public struct SealedItems: Hashable, Sendable {
    public let keyID: [UInt8]
    public let box: [UInt8]

    static let claimKey: Int64 = -65_540
    /// Largest sealed box read.
    public static let maximumBoxBytes = 4_096

    public init(keyID: [UInt8], box: [UInt8]) {
        self.keyID = keyID
        self.box = box
    }

    /// The claim's value: `[kid, box]`.
    public var cbor: CBOR { .array([.bytes(keyID), .bytes(box)]) }

    init(cbor: CBOR) throws(FormatError) {
        guard case .array(let items) = cbor, items.count == 2, case .bytes(let kid) = items[0], kid.count == 8,
              case .bytes(let box) = items[1], (Sodium.sealedBoxOverhead...SealedItems.maximumBoxBytes).contains(box.count) else {
            throw FormatError("claims", "sealed items must be [8-byte key id, sealed box of at most \(SealedItems.maximumBoxBytes) bytes]")
        }
        self.init(keyID: kid, box: box)
    }

    /// Seals `sections` of `summary` to `key`: the summary without them (severe allergies and
    /// high-risk medicines stay, as they are never withheld either) and the sealed items.
    /// (`ephemeralSeed` fixes the box's ephemeral key, for conformance vectors only.)
    public static func seal(_ sections: Set<WithholdableSection>, of summary: EmergencySummary, to key: SealingKey,
                            ephemeralSeed: [UInt8]? = nil) -> (EmergencySummary, SealedItems?) {
        let parts = WithholdableParts(.emergency(summary), salt: { [] })
        let sealed = parts.disclosures.filter { WithholdableSection(rawValue: $0.label).map(sections.contains) ?? false }
        guard !sealed.isEmpty else { return (summary, nil) }
        let others = parts.disclosures.filter { !sealed.contains($0) }
        // The summary is the clear part with the parts not sealed put back.
        var problems = [String](), texts = CBORCursor.TextsRead()
        guard case .emergency(let rest)? = try? parts.clearDocument.merging(others, floorProblems: &problems, texts: &texts) else { return (summary, nil) }
        let map = CBOR.map(sealed.map { CBORMapEntry(.int($0.label), $0.value) })
        var writer = BitWriter()
        guard PackedCBOR.pack(map, model: ClinicalVocabulary.version2, into: &writer) else { return (summary, nil) }
        return (rest, SealedItems(keyID: key.kid, box: key.seal(writer.finished(), ephemeralSeed: ephemeralSeed)))
    }

    /// The sealed sections, opened with the emergency-access secret: as disclosures, for
    /// ``CredentialDocument/merging(_:floorProblems:texts:)``. Throws when the box does not open
    /// with it or does not hold sections.
    public func open(with secret: SealingSecret) throws(FormatError) -> [Disclosure] {
        guard secret.publicKey.kid == keyID, let plain = secret.open(box) else {
            throw FormatError("sealed", "the sealed items do not open with emergency-access key \(secret.publicKey.kidHex)")
        }
        var reader = BitReader(plain, range: 0..<plain.count, layer: "sealed")
        let encoded = try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: DecodingLimits.maximumInflatedBytes)
        try reader.requireOnlyPadding()
        guard case .map(let entries) = try CBORReader.decode(encoded, layer: "sealed") else { throw FormatError("sealed", "the sealed items are not a map") }
        var parts = [Disclosure]()
        for entry in entries {
            guard let label = entry.key.intValue, WithholdableSection(rawValue: label) != nil else {
                throw FormatError("sealed", "a sealed item is not a section that may be sealed")
            }
            parts.append(Disclosure(salt: [], label: label, value: entry.value))
        }
        return parts
    }

    /// The names of the sections a box was sealed from are not known without opening it.
    public var description: String { "sealed for emergency services (key \(ByteText.hex(keyID)))" }
}

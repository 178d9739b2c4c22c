import MedSealEncoding

/// A holder-bound credential, or a presentation of one, as a token carries it (token body
/// forms 3 and 4):
///
/// The payload travels without the digests of the disclosures carried: they are computed
/// from the disclosures, so a changed disclosure fails the issuer's signature.
///
///     form 3 (the holder's credential):
///       kid (64 bits) || PackedCBOR([payload, [disclosure…]]) || zero bits to the byte || signature
///     form 4 (a presentation):
///       kid || PackedCBOR([payload, [disclosure…], key binding claims]) || zero bits || signature || holder signature
///
/// The issuer signed the COSE_Sign1 message `{1: -8, 4: kid}`, payload (an SD-CWT whose
/// disclosures travel in the unprotected header, label 17); the holder signed a COSE_Sign1
/// key binding token whose protected header is `{1: -8, 13: that SD-CWT with the revealed
/// disclosures}` and whose payload is the ``KeyBinding`` claims. Both payloads are deterministic
/// CBOR, so the signed bytes are rebuilt exactly from the packed items.
public struct HolderEnvelope: Sendable {
    public let kid: [UInt8]
    /// The payload the issuer signed, as a tree, and its bytes.
    public let payload: CBOR
    public let payloadBytes: [UInt8]
    public let signature: [UInt8]
    /// The disclosures carried: all of them in a credential, the revealed ones in a presentation.
    public let disclosures: [Disclosure]
    public let keyBinding: KeyBinding?
    public let holderSignature: [UInt8]?

    static let layer = "presentation"
    /// The unprotected-header label of the disclosures and the header label of the SD-CWT in
    /// the key binding token (SD-CWT's `sd_claims` and `kcwt`).
    static let disclosuresLabel: Int64 = 17
    static let credentialLabel: Int64 = 13

    public init(kid: [UInt8], payload: CBOR, signature: [UInt8], disclosures: [Disclosure], keyBinding: KeyBinding? = nil, holderSignature: [UInt8]? = nil) {
        self.kid = kid
        self.payload = payload
        self.payloadBytes = CBORWriter.encode(payload)
        self.signature = signature
        self.disclosures = disclosures
        self.keyBinding = keyBinding
        self.holderSignature = holderSignature
    }

    /// The message the issuer signed.
    public var issuerMessage: COSESign1 {
        var message = COSESign1(algorithm: .edDSA, kid: kid, payload: payloadBytes)
        message.signature = signature
        return message
    }

    /// The bytes the holder signs: the key binding token's `Sig_structure`.
    public func bytesToSign(for binding: KeyBinding) -> [UInt8] {
        let credential = CBOR.array([.bytes(issuerMessage.protectedBytes),
                                     .map([CBORMapEntry(.int(HolderEnvelope.disclosuresLabel), .array(disclosures.map { .bytes($0.encoded) }))]),
                                     .bytes(payloadBytes), .bytes(signature)])
        let header = CBORWriter.encode(.map([CBORMapEntry(.int(COSESign1.HeaderLabel.algorithm), .int(COSESign1.Algorithm.edDSA.rawValue)),
                                             CBORMapEntry(.int(HolderEnvelope.credentialLabel), credential)]))
        return COSESign1.signatureStructure(protectedBytes: header, payload: CBORWriter.encode(binding.cbor))
    }

    /// A presentation of this credential revealing `labels`, signed with `sign` (the holder's key).
    public func presentation(revealing labels: Set<Int64>, binding: KeyBinding, sign: ([UInt8]) -> [UInt8]) -> HolderEnvelope {
        let shown = HolderEnvelope(kid: kid, payload: payload, signature: signature, disclosures: disclosures.filter { labels.contains($0.label) })
        return HolderEnvelope(kid: kid, payload: payload, signature: signature, disclosures: shown.disclosures, keyBinding: binding,
                              holderSignature: sign(shown.bytesToSign(for: binding)))
    }

    /// The packed body (after the flags byte).
    public var packed: [UInt8] {
        var items: [CBOR] = [HolderBinding.removingDigests(of: disclosures, from: payload), .array(disclosures.map(\.cbor))]
        if let keyBinding { items.append(keyBinding.cbor) }
        var writer = BitWriter()
        for byte in kid { writer.write(byte: byte) }
        _ = PackedCBOR.pack(.array(items), model: ClinicalVocabulary.version2, into: &writer)
        return writer.finished() + signature + (holderSignature ?? [])
    }

    /// Reads a packed body `bytes[start...]`: a credential, or with `presentation` a presentation.
    public init(packed bytes: [UInt8], from start: Int, presentation: Bool) throws(FormatError) {
        let signatures = presentation ? 2 : 1
        let count = bytes.count - start
        guard count >= 8 + 1 + 64 * signatures else { throw FormatError(HolderEnvelope.layer, "\(count) bytes is too short") }
        let end = bytes.count - 64 * signatures
        var reader = BitReader(bytes, range: start..<end, layer: HolderEnvelope.layer)
        var kid = [UInt8]()
        for _ in 0..<8 { kid.append(UInt8(try reader.read(width: 8))) }
        let encoded = try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: DecodingLimits.maximumInflatedBytes)
        try reader.requireOnlyPadding()
        let tree = try CBORReader.decode(encoded, layer: HolderEnvelope.layer)
        guard case .array(let items) = tree, items.count == (presentation ? 3 : 2), case .map = items[0], case .array(let disclosed) = items[1] else {
            throw FormatError(HolderEnvelope.layer, presentation ? "expected [payload, disclosures, key binding claims]" : "expected [payload, disclosures]")
        }
        var disclosures = [Disclosure]()
        for item in disclosed { disclosures.append(try Disclosure(cbor: item)) }
        self.init(kid: kid, payload: try HolderBinding.restoringDigests(of: disclosures, in: items[0]), signature: Array(bytes[end..<(end + 64)]), disclosures: disclosures,
                  keyBinding: presentation ? try KeyBinding(cbor: items[2]) : nil, holderSignature: presentation ? Array(bytes[(end + 64)...]) : nil)
    }
}

import MedSealEncoding

/// A holder-bound credential, or a presentation of one, as a token carries it (token body
/// forms 3 and 4):
///
///     form 3 (the holder's credential):
///       kid (64 bits) || PackedCBOR([payload, [disclosure…]]) || zero bits to the byte || signature
///     form 4 (a presentation):
///       kid || PackedCBOR([payload, [disclosure…], key binding claims]) || zero bits || signature || holder signature
///
/// The payload travels without the digests of the disclosures carried: they are computed
/// from the disclosures, so a changed disclosure fails the issuer's signature.
///
/// The issuer signed the COSE_Sign1 message `{1: -8, 4: kid}`, payload (an SD-CWT whose
/// disclosures travel in the unprotected header, label 17); the holder signed a COSE_Sign1
/// key binding token whose protected header is `{1: -8, 13: that SD-CWT with the revealed
/// disclosures}` and whose payload is the ``KeyBinding`` claims. Everything is deterministic
/// CBOR, so the signed bytes are rebuilt exactly, from the unpacked bytes in place.
public struct HolderEnvelope: Sendable {
    public let kid: [UInt8]
    /// The payload bytes the issuer signed.
    public let payloadBytes: [UInt8]
    public let signature: [UInt8]
    /// The disclosures carried: all of them in a credential, the revealed ones in a presentation.
    public let disclosures: [Disclosure]
    public let keyBinding: KeyBinding?
    /// The key binding claims as the holder signed them.
    public let keyBindingBytes: [UInt8]?
    public let holderSignature: [UInt8]?

    static let layer = "presentation"
    /// The unprotected-header label of the disclosures and the header label of the SD-CWT in
    /// the key binding token (SD-CWT's `sd_claims` and `kcwt`).
    static let disclosuresLabel: UInt64 = 17
    static let credentialLabel: UInt64 = 13
    /// Most disclosures one token carries.
    static let maximumDisclosures = 64

    /// A credential (no key binding) or a presentation of the issuer-signed `payloadBytes`.
    init(kid: [UInt8], payloadBytes: [UInt8], signature: [UInt8], disclosures: [Disclosure], keyBinding: KeyBinding? = nil,
         keyBindingBytes: [UInt8]? = nil, holderSignature: [UInt8]? = nil) {
        self.kid = kid
        self.payloadBytes = payloadBytes
        self.signature = signature
        self.disclosures = disclosures
        self.keyBinding = keyBinding
        self.keyBindingBytes = keyBinding == nil ? nil : keyBindingBytes ?? keyBinding.map { CBORWriter.encode($0.cbor) }
        self.holderSignature = holderSignature
    }

    /// A holder-bound credential whose issuer signed `payload`.
    public init(kid: [UInt8], payload: CBOR, signature: [UInt8], disclosures: [Disclosure]) {
        self.init(kid: kid, payloadBytes: CBORWriter.encode(payload), signature: signature, disclosures: disclosures)
    }

    /// The payload the issuer signed, as a tree.
    public var payload: CBOR { (try? CBORReader.decode(payloadBytes, layer: HolderEnvelope.layer)) ?? .null }

    /// The message the issuer signed.
    public var issuerMessage: COSESign1 {
        var message = COSESign1(algorithm: .edDSA, kid: kid, payload: payloadBytes)
        message.signature = signature
        return message
    }

    /// The bytes the holder signs: the key binding token's `Sig_structure`, written straight
    /// from the bytes at hand.
    public func bytesToSign(for bindingBytes: [UInt8]) -> [UInt8] {
        var credential = [UInt8]()
        let protected = issuerMessage.protectedBytes
        credential.reserveCapacity(payloadBytes.count + disclosures.reduce(0) { $0 + $1.encoded.count + 3 } + protected.count + 96)
        CBORWriter.writeHead(4, 4, into: &credential)
        CBORWriter.writeHead(2, UInt64(protected.count), into: &credential)
        credential += protected
        CBORWriter.writeHead(5, 1, into: &credential)
        CBORWriter.writeHead(0, HolderEnvelope.disclosuresLabel, into: &credential)
        CBORWriter.writeHead(4, UInt64(disclosures.count), into: &credential)
        for disclosure in disclosures {
            CBORWriter.writeHead(2, UInt64(disclosure.encoded.count), into: &credential)
            credential += disclosure.encoded
        }
        CBORWriter.writeHead(2, UInt64(payloadBytes.count), into: &credential)
        credential += payloadBytes
        CBORWriter.writeHead(2, UInt64(signature.count), into: &credential)
        credential += signature
        // {1: -8, 13: the credential}
        var header: [UInt8] = [0xA2, 0x01, 0x27]
        CBORWriter.writeHead(0, HolderEnvelope.credentialLabel, into: &header)
        header += credential
        return COSESign1.signatureStructure(protectedBytes: header, payload: bindingBytes)
    }

    /// What the holder signs for `binding`.
    public func bytesToSign(for binding: KeyBinding) -> [UInt8] { bytesToSign(for: CBORWriter.encode(binding.cbor)) }

    /// A presentation of this credential revealing `labels`, signed with `sign` (the holder's key).
    public func presentation(revealing labels: Set<Int64>, binding: KeyBinding, sign: ([UInt8]) -> [UInt8]) -> HolderEnvelope {
        let shown = HolderEnvelope(kid: kid, payloadBytes: payloadBytes, signature: signature, disclosures: disclosures.filter { labels.contains($0.label) })
        let bindingBytes = CBORWriter.encode(binding.cbor)
        return HolderEnvelope(kid: kid, payloadBytes: payloadBytes, signature: signature, disclosures: shown.disclosures, keyBinding: binding,
                              keyBindingBytes: bindingBytes, holderSignature: sign(shown.bytesToSign(for: bindingBytes)))
    }

    /// The packed body (after the flags byte).
    public var packed: [UInt8] {
        var items: [CBOR] = [HolderBinding.removingDigests(of: disclosures, from: payload),
                             .array(disclosures.map { .array([.bytes($0.salt), .int($0.label), $0.value]) })]
        if let keyBinding { items.append(keyBinding.cbor) }
        var writer = BitWriter()
        for byte in kid { writer.write(byte: byte) }
        _ = PackedCBOR.pack(.array(items), model: ClinicalVocabulary.version2, into: &writer)
        return writer.finished() + signature + (holderSignature ?? [])
    }

    /// Reads a packed body `bytes[start...]`: a credential, or with `presentation` a
    /// presentation. The unpacked bytes are walked in place: the payload, each disclosure and
    /// the key binding claims are cut out of them, not rebuilt.
    public init(packed bytes: [UInt8], from start: Int, presentation: Bool) throws(FormatError) {
        let signatures = presentation ? 2 : 1
        let count = bytes.count - start
        guard count >= 8 + 1 + 64 * signatures else { throw FormatError(HolderEnvelope.layer, "\(count) bytes is too short") }
        let end = bytes.count - 64 * signatures
        var reader = BitReader(bytes, range: start..<end, layer: HolderEnvelope.layer)
        var kid = [UInt8]()
        for _ in 0..<8 { kid.append(UInt8(try reader.read(width: 8))) }
        let unpacked = try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: DecodingLimits.maximumInflatedBytes)
        try reader.requireOnlyPadding()
        var cursor = CBORCursor(unpacked, layer: HolderEnvelope.layer)
        guard try cursor.readArrayCount() == (presentation ? 3 : 2), cursor.nextMajorType == 5 else {
            throw FormatError(HolderEnvelope.layer, presentation ? "expected [payload, disclosures, key binding claims]" : "expected [payload, disclosures]")
        }
        let payloadStart = cursor.position
        let digests = try HolderBinding.digestsRange(inPayloadAt: &cursor)
        let carried = Array(unpacked[payloadStart..<cursor.position])
        let disclosureCount = try cursor.readArrayCount()
        guard disclosureCount <= HolderEnvelope.maximumDisclosures else { throw cursor.fail("more than \(HolderEnvelope.maximumDisclosures) disclosures") }
        var disclosures = [Disclosure]()
        disclosures.reserveCapacity(disclosureCount)
        for _ in 0..<disclosureCount {
            let disclosureStart = cursor.position
            try cursor.skipStructure()
            disclosures.append(try Disclosure(encoded: Array(unpacked[disclosureStart..<cursor.position])))
        }
        var binding: KeyBinding?, bindingBytes: [UInt8]?
        if presentation {
            let bindingStart = cursor.position
            let claims = try cursor.readItem(depth: 1)
            bindingBytes = Array(unpacked[bindingStart..<cursor.position])
            binding = try KeyBinding(cbor: claims)
        }
        guard cursor.isAtEnd else { throw cursor.fail("unexpected bytes after the envelope") }
        self.init(kid: kid, payloadBytes: try HolderBinding.restoringDigests(of: disclosures, in: carried,
                                                                                         digestsRange: (digests.lowerBound - payloadStart)..<(digests.upperBound - payloadStart)), signature: Array(bytes[end..<(end + 64)]),
                  disclosures: disclosures, keyBinding: binding, keyBindingBytes: bindingBytes, holderSignature: presentation ? Array(bytes[(end + 64)...]) : nil)
    }
}

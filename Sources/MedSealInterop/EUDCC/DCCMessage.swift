import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// A COSE_Sign1 message as EU DCCs carry it (RFC 9052, read leniently): tagged 18,
/// untagged, or tag 61 (CWT) around tag 18; the kid in the protected header or, only when
/// the protected header has none, in the unprotected one.
public struct DCCMessage: Sendable {
    public let protectedBytes: [UInt8]
    public let protectedHeader: CBOR
    public let unprotectedHeader: CBOR
    public let payload: [UInt8]
    public let signature: [UInt8]

    static let algorithmLabel = CBOR.int(1)
    static let kidLabel = CBOR.int(4)

    /// Reads the COSE structure; the payload is left unread until the signature is checked.
    public init(decoding bytes: [UInt8]) throws(FormatError) {
        var item = try CBORReader.decode(bytes, mode: .lenient, layer: "COSE")
        if case .tagged(61, let inner) = item { item = inner }
        if case .tagged(18, let inner) = item { item = inner }
        guard case .array(let parts) = item, parts.count == 4 else {
            throw FormatError("COSE", "not a COSE_Sign1 message (expected an array of 4 items, optionally tagged 18)")
        }
        guard case .bytes(let protectedBytes) = parts[0] else { throw FormatError("COSE", "the protected header is not a byte string") }
        guard case .map = parts[1] else { throw FormatError("COSE", "the unprotected header is not a map") }
        guard case .bytes(let payload) = parts[2] else { throw FormatError("COSE", "the payload is not a byte string") }
        guard case .bytes(let signature) = parts[3] else { throw FormatError("COSE", "the signature is not a byte string") }
        let header = protectedBytes.isEmpty ? CBOR.map([]) : try CBORReader.decode(protectedBytes, mode: .lenient, layer: "COSE protected header")
        guard case .map = header else { throw FormatError("COSE", "the protected header is not a map") }
        if let critical = header[.int(2)] { try COSESign1.checkCritical(critical) }
        func requireByteStringKid(_ map: CBOR, _ place: String) throws(FormatError) {
            guard let kid = map[Self.kidLabel] else { return }
            guard case .bytes = kid else { throw FormatError("COSE", "the \(place) header's kid is a \(kid.kindName), not a byte string") }
        }
        try requireByteStringKid(header, "protected")
        try requireByteStringKid(parts[1], "unprotected")
        self.protectedBytes = protectedBytes
        self.protectedHeader = header
        self.unprotectedHeader = parts[1]
        self.payload = payload
        self.signature = signature
    }

    /// The kid: the protected header's when it has one (an unprotected kid cannot override
    /// it), else the unprotected header's; `nil` when neither names one (an empty byte string
    /// names none: some issuers' test certificates carry `4: h''`).
    public var kid: [UInt8]? {
        if case .bytes(let kid)? = protectedHeader[Self.kidLabel], !kid.isEmpty { return kid }
        if case .bytes(let kid)? = unprotectedHeader[Self.kidLabel], !kid.isEmpty { return kid }
        return nil
    }

    /// The algorithm the header names (protected, else unprotected); only ever compared
    /// with the trusted key's own algorithm.
    public var claimedAlgorithm: Int64? {
        (protectedHeader[Self.algorithmLabel] ?? unprotectedHeader[Self.algorithmLabel])?.intValue
    }

    /// `Sig_structure` = ["Signature1", protected, external_aad (empty), payload].
    public var bytesToSign: [UInt8] { COSESign1.signatureStructure(protectedBytes: protectedBytes, payload: payload) }
}

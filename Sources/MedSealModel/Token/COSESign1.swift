import MedSealEncoding

/// A COSE_Sign1 message (RFC 9052 §4.2): protected header, unprotected header, payload and
/// one signature, tagged 18.
public struct COSESign1: Hashable, Sendable {
    /// COSE algorithm identifiers MedSeal knows (RFC 9053).
    public enum Algorithm: Int64, Sendable {
        case edDSA = -8
        case es256 = -7
        case ps256 = -37

        public var name: String {
            switch self {
            case .edDSA: return "EdDSA"
            case .es256: return "ES256"
            case .ps256: return "PS256"
            }
        }
    }

    /// COSE header labels used here.
    enum HeaderLabel {
        static let algorithm: Int64 = 1
        static let critical: Int64 = 2
        static let contentType: Int64 = 3
        static let kid: Int64 = 4
    }

    /// Refuses a protected header's `crit` (2) value unless it is a non-empty array of
    /// labels MedSeal understands (alg, content type, kid). RFC 9052 §3.1: a recipient that
    /// does not understand a parameter listed as critical must reject the message.
    public static func checkCritical(_ labels: CBOR) throws(FormatError) {
        guard case .array(let items) = labels, !items.isEmpty else {
            throw FormatError("COSE", "the protected header's crit (2) must be a non-empty array of labels")
        }
        let understood: Set<Int64> = [HeaderLabel.algorithm, HeaderLabel.contentType, HeaderLabel.kid]
        for label in items where !(label.intValue.map(understood.contains) ?? false) {
            throw FormatError("COSE", "the protected header marks parameter \(label.intValue.map(String.init) ?? "'\(label.kindName)'") as critical, which MedSeal does not understand (RFC 9052 §3.1: such a message is refused)")
        }
    }

    /// The CBOR tag of COSE_Sign1.
    public static let tag: UInt64 = 18

    /// The protected header exactly as signed, from which the parameters below are read.
    public var protectedBytes: [UInt8] {
        didSet { parameters = ProtectedParameters(readable: protectedBytes) }
    }
    public var unprotectedHeader: CBOR
    public var payload: [UInt8]
    public var signature: [UInt8]
    /// The parameters of the protected header MedSeal reads, found when the bytes are set.
    private var parameters: ProtectedParameters

    /// The decoded protected header; setting it sets ``protectedBytes``.
    public var protectedHeader: CBOR {
        get { (try? CBORReader.decode(protectedBytes, mode: .deterministic)) ?? .map([]) }
        set { protectedBytes = CBORWriter.encode(newValue) }
    }

    /// The `alg` value from the protected header, if it holds one (an untrusted claim).
    public var claimedAlgorithm: CBOR? { parameters.algorithm }

    /// Whether the protected header's `alg` is `algorithm`'s number (an untrusted claim, to be
    /// checked against the trusted key's algorithm). Compares the number in place: copying
    /// the header's value out costs more, and it runs on every verification.
    public func claimsAlgorithm(_ algorithm: Algorithm) -> Bool {
        switch parameters.algorithm {
        case .unsigned(let number)?: return algorithm.rawValue >= 0 && number == UInt64(algorithm.rawValue)
        case .negative(let number)?: return algorithm.rawValue < 0 && number == UInt64(-1 - algorithm.rawValue)
        default: return false
        }
    }

    /// The key id from the protected header, when it is a byte string.
    public var kid: [UInt8]? { parameters.kid }

    /// The content type (`3`) from the protected header, when it is text.
    public var contentType: String? { parameters.contentType }

    /// The parameters MedSeal reads from a protected header, found in one walk over its
    /// bytes with no tree built: every verification needs them.
    private struct ProtectedParameters: Hashable, Sendable {
        var algorithm: CBOR?
        /// Kept only when of the type it must have: every verification reads the kid, and
        /// taking the bytes out of a `CBOR` value each time meant copying that value.
        var kid: [UInt8]?
        var contentType: String?

        /// The parameters of `bytes`, or none when they are not one deterministic map (a
        /// message built or edited by hand, as the test vectors do).
        init(readable bytes: [UInt8]) {
            self = (try? ProtectedParameters(bytes)) ?? ProtectedParameters()
        }

        private init() {}

        /// Reads `bytes`, which must be exactly one deterministic CBOR map.
        init(_ bytes: [UInt8]) throws(FormatError) {
            var cursor = CBORCursor(bytes, layer: "COSE protected header")
            guard cursor.nextMajorType == 5 else { throw FormatError("COSE", "protected header is not a map") }
            try cursor.readMap { (key, value) throws(FormatError) in
                switch key {
                case HeaderLabel.algorithm: algorithm = try value.readItem(depth: 1)
                case HeaderLabel.kid:
                    guard value.nextMajorType == 2 else { return try value.skipItem(depth: 1) }
                    kid = try value.readBytes()
                case HeaderLabel.contentType:
                    guard value.nextMajorType == 3 else { return try value.skipItem(depth: 1) }
                    contentType = try value.readText()
                case HeaderLabel.critical:
                    // RFC 9052 §3.1: a recipient that does not understand a parameter listed
                    // as critical must reject the message. MedSeal understands alg, content
                    // type and kid, and nothing else.
                    try COSESign1.checkCritical(try value.readItem(depth: 1))
                default: try value.skipItem(depth: 1)
                }
            }
            guard cursor.isAtEnd else { throw cursor.fail("\(bytes.count - cursor.position) unexpected bytes after the item") }
        }
    }

    /// Builds a message whose protected header holds `alg`, `kid` and, when given, a content
    /// type, with an empty signature.
    public init(algorithm: Algorithm, kid: [UInt8], payload: [UInt8], contentType: String? = nil) {
        var header = [
            CBORMapEntry(.int(HeaderLabel.algorithm), .int(algorithm.rawValue)),
            CBORMapEntry(.int(HeaderLabel.kid), .bytes(kid)),
        ]
        if let contentType { header.append(CBORMapEntry(.int(HeaderLabel.contentType), .text(contentType))) }
        protectedBytes = CBORWriter.encode(.map(header))
        parameters = ProtectedParameters(readable: protectedBytes)
        unprotectedHeader = .map([])
        self.payload = payload
        signature = []
    }

    /// The bytes that are signed: `Sig_structure` = ["Signature1", protected, external_aad, payload].
    public var bytesToSign: [UInt8] { COSESign1.signatureStructure(protectedBytes: protectedBytes, payload: payload) }

    /// The `Sig_structure` of a COSE_Sign1 message (RFC 9052 §4.4) with an empty external
    /// AAD, written straight into one buffer: it is built on every verification.
    public static func signatureStructure(protectedBytes: [UInt8], payload: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(protectedBytes.count + payload.count + 32)
        // The array head and the context text never change: 0x84, then "Signature1" as text.
        out.append(contentsOf: [0x84, 0x6A, 0x53, 0x69, 0x67, 0x6E, 0x61, 0x74, 0x75, 0x72, 0x65, 0x31] as [UInt8])
        CBORWriter.writeHead(2, UInt64(protectedBytes.count), into: &out)
        out.append(contentsOf: protectedBytes)
        CBORWriter.writeHead(2, 0, into: &out)
        CBORWriter.writeHead(2, UInt64(payload.count), into: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// Whether the header's algorithm is the one `key` uses and the signature verifies under
    /// it. The algorithm is the trusted key's; the header only has to agree.
    public func isSigned(by key: IssuerKey) -> Bool {
        claimsAlgorithm(key.algorithm) && Sodium.ed25519Verify(signature, message: bytesToSign, publicKey: key.publicKey)
    }

    /// The tagged COSE_Sign1 encoding.
    public var encoded: [UInt8] {
        CBORWriter.encode(.tagged(COSESign1.tag, .array([.bytes(protectedBytes), unprotectedHeader, .bytes(payload), .bytes(signature)])))
    }

    /// Parses a tagged COSE_Sign1 message in MedSeal's deterministic encoding.
    public init(decoding bytes: [UInt8]) throws(FormatError) {
        var cursor = CBORCursor(bytes)
        let tag = try cursor.readHead()
        guard tag.major == 6, tag.argument == COSESign1.tag else {
            throw FormatError("COSE", "not a COSE_Sign1 message (expected tag 18, found \(CBORCursor.kindName(of: tag)))")
        }
        guard cursor.nextMajorType == 4, try cursor.readArrayCount() == 4 else {
            throw FormatError("COSE", "COSE_Sign1 must be an array of 4 items")
        }
        guard cursor.nextMajorType == 2 else { throw FormatError("COSE", "protected header is not a byte string") }
        let protectedBytes = try cursor.readBytes()
        guard cursor.nextMajorType == 5 else { throw FormatError("COSE", "unprotected header is not a map") }
        // MedSeal's own messages leave it empty: no tree to build then.
        let unprotectedHeader = cursor.bytes[cursor.position] == 0xA0 ? try cursor.readEmptyMap() : try cursor.readItem(depth: 2)
        guard cursor.nextMajorType == 2 else { throw FormatError("COSE", "payload is not a byte string") }
        let payload = try cursor.readBytes()
        guard cursor.nextMajorType == 2 else { throw FormatError("COSE", "signature is not a byte string") }
        let signature = try cursor.readBytes()
        guard cursor.isAtEnd else { throw cursor.fail("\(bytes.count - cursor.position) unexpected bytes after the item") }
        // The protected header must be one deterministic map.
        parameters = try ProtectedParameters(protectedBytes)
        self.protectedBytes = protectedBytes
        self.unprotectedHeader = unprotectedHeader
        self.payload = payload
        self.signature = signature
    }
}

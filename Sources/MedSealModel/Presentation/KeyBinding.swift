import MedSealEncoding

/// The claims a holder signs in a presentation (SD-CWT's key binding token): when it was
/// made, when it ends, and optionally for whom (`aud`, claim 3) and in answer to which
/// challenge (`cnonce`, claim 39, RFC 9200).
public struct KeyBinding: Hashable, Sendable {
    public var audience: String?
    public var nonce: String?
    public var issuedAt: Int64
    public var expiresAt: Int64

    /// Longest audience and nonce accepted.
    public static let maximumTextLength = 128

    public init(audience: String? = nil, nonce: String? = nil, issuedAt: Int64, expiresAt: Int64) {
        self.audience = audience
        self.nonce = nonce
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    enum Key {
        static let audience: Int64 = 3
        static let expiresAt: Int64 = 4
        static let issuedAt: Int64 = 6
        static let nonce: Int64 = 39
    }

    public var cbor: CBOR {
        var entries = [CBORMapEntry(.int(Key.issuedAt), .int(issuedAt)), CBORMapEntry(.int(Key.expiresAt), .int(expiresAt))]
        if let audience { entries.append(CBORMapEntry(.int(Key.audience), .text(audience))) }
        if let nonce { entries.append(CBORMapEntry(.int(Key.nonce), .bytes(Array(nonce.utf8)))) }
        return .map(entries)
    }

    public init(cbor: CBOR) throws(FormatError) {
        guard case .map(let entries) = cbor else { throw FormatError("presentation", "the key binding claims are not a map") }
        var issuedAt: Int64?, expiresAt: Int64?, audience: String?, nonce: String?
        for entry in entries {
            switch (entry.key.intValue, entry.value) {
            case (Key.issuedAt?, let value): issuedAt = value.intValue
            case (Key.expiresAt?, let value): expiresAt = value.intValue
            case (Key.audience?, .text(let text)) where text.utf8.count <= KeyBinding.maximumTextLength: audience = text
            case (Key.nonce?, .bytes(let bytes)) where bytes.count <= KeyBinding.maximumTextLength:
                guard let text = UTF8Text.string(validating: bytes) else { throw FormatError("presentation", "the nonce is not UTF-8 text") }
                nonce = text
            default: throw FormatError("presentation", "unknown or malformed key binding claim \(entry.key.intValue.map(String.init) ?? entry.key.kindName)")
            }
        }
        guard let issuedAt, let expiresAt else { throw FormatError("presentation", "the key binding claims need iat and exp") }
        guard expiresAt > issuedAt else { throw FormatError("presentation", "the presentation ends before it begins") }
        self.init(audience: audience, nonce: nonce, issuedAt: issuedAt, expiresAt: expiresAt)
    }
}

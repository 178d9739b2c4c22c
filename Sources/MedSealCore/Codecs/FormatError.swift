/// A failure to decode untrusted bytes: which layer refused them, why, and where.
///
/// Every decoder in `Codecs/` throws this type so that a verifier can report one
/// clear message, such as `CBOR: duplicate map key (at byte 41)`.
public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer that refused the input ("prefix", "Base45", "DEFLATE", "CBOR", "COSE", "claims", "document").
    public var layer: String
    /// What is wrong, in words.
    public var reason: String
    /// The byte or character offset where the problem was found, when known.
    public var offset: Int?

    public init(_ layer: String, _ reason: String, at offset: Int? = nil) {
        self.layer = layer
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(layer): \(reason) (at offset \(offset))" }
        return "\(layer): \(reason)"
    }
}

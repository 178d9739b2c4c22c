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
    /// The field of a document the problem is in, such as `allergies[0].substance`; empty
    /// when the problem is not in one field.
    public var field: String

    public init(_ layer: String, _ reason: String, at offset: Int? = nil, field: String = "") {
        self.layer = layer
        self.reason = reason
        self.offset = offset
        self.field = field
    }

    /// The same problem, seen from the item that holds the field or list element `child`
    /// (a name, or an index written `[2]`).
    public func inside(_ child: String) -> FormatError {
        var error = self
        error.field = field.isEmpty ? child : field.hasPrefix("[") ? child + field : child + "." + field
        return error
    }

    public var description: String {
        let what = field.isEmpty ? reason : "\(field): \(reason)"
        if let offset { return "\(layer): \(what) (at offset \(offset))" }
        return "\(layer): \(what)"
    }
}

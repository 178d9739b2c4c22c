/// A CBOR data item (RFC 8949), as read from or written to bytes.
///
/// Maps keep their entries in order; ``CBORWriter`` sorts them into the deterministic
/// order of RFC 8949 §4.2.1 when writing, and ``CBORReader`` in strict mode insists on it.
public enum CBOR: Hashable, Sendable {
    case unsigned(UInt64)
    /// The negative integer `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    case map([CBORMapEntry])
    indirect case tagged(UInt64, CBOR)
    case bool(Bool)
    case null
    case undefined
    case float(Double)

    /// A CBOR integer for a Swift integer.
    public static func int(_ value: Int64) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-1 - value))
    }

    /// The value as a Swift integer, when it is an integer that fits.
    public var intValue: Int64? {
        switch self {
        case .unsigned(let n): return n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    /// Looks a key up in a map; `nil` for a missing key or a non-map.
    public subscript(key: CBOR) -> CBOR? {
        guard case .map(let entries) = self, let index = Self.index(ofKey: key, in: entries) else { return nil }
        return entries[index].value
    }

    /// Where `key` stands among the keys of `entries` (compared as values). Text and integer
    /// keys, as nearly all are, are compared without the generic equality of two items.
    static func index(ofKey key: CBOR, in entries: [CBORMapEntry]) -> Int? {
        switch key {
        case .text(let text): return entries.firstIndex { if case .text(let other) = $0.key { other == text } else { false } }
        case .unsigned(let n): return entries.firstIndex { if case .unsigned(let other) = $0.key { other == n } else { false } }
        case .negative(let n): return entries.firstIndex { if case .negative(let other) = $0.key { other == n } else { false } }
        default: return entries.firstIndex { $0.key == key }
        }
    }

    /// A short name of the item's kind, for error messages.
    public var kindName: String {
        switch self {
        case .unsigned, .negative: return "integer"
        case .bytes: return "byte string"
        case .text: return "text string"
        case .array: return "array"
        case .map: return "map"
        case .tagged(let tag, _): return "tag \(tag)"
        case .bool: return "boolean"
        case .null: return "null"
        case .undefined: return "undefined"
        case .float: return "float"
        }
    }
}

/// One key/value pair of a CBOR map.
public struct CBORMapEntry: Hashable, Sendable {
    public var key: CBOR
    public var value: CBOR
    public init(_ key: CBOR, _ value: CBOR) {
        self.key = key
        self.value = value
    }
}

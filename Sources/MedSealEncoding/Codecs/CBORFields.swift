/// Reads the fields of a CBOR map with text keys, such as a trust bundle or a revocation
/// list, refusing missing fields, wrong types and fields it does not know.
public struct CBORFields {
    private let entries: [String: CBOR]
    private let layer: String

    /// Reads `item`, which must be a map whose keys are all among `known`.
    public init(_ item: CBOR, layer: String, known: Set<String>) throws(FormatError) {
        guard case .map(let pairs) = item else { throw FormatError(layer, "expected a map, found a \(item.kindName)") }
        var entries = [String: CBOR]()
        for pair in pairs {
            guard case .text(let key) = pair.key else { throw FormatError(layer, "a map key is a \(pair.key.kindName), not text") }
            guard known.contains(key) else { throw FormatError(layer, "unknown field '\(key)'") }
            entries[key] = pair.value
        }
        self.entries = entries
        self.layer = layer
    }

    /// Whether the map holds `key`.
    public func has(_ key: String) -> Bool { entries[key] != nil }

    /// The raw item under `key`, which must be present.
    public func value(_ key: String) throws(FormatError) -> CBOR {
        guard let value = entries[key] else { throw FormatError(layer, "'\(key)' is missing") }
        return value
    }

    public func text(_ key: String) throws(FormatError) -> String {
        guard case .text(let text) = try value(key), !text.isEmpty else { throw FormatError(layer, "'\(key)' must be non-empty text") }
        return text
    }

    public func int(_ key: String) throws(FormatError) -> Int64 {
        guard let number = try value(key).intValue else { throw FormatError(layer, "'\(key)' must be an integer") }
        return number
    }

    /// A time in seconds since 1970, which must lie in ``Timestamps/plausibleRange`` (the
    /// years 1970 to 9999), so that no arithmetic on it can overflow.
    public func time(_ key: String) throws(FormatError) -> Int64 {
        let seconds = try int(key)
        guard Timestamps.isPlausible(seconds) else { throw FormatError(layer, "'\(key)' is not a time between the years 1970 and 9999") }
        return seconds
    }

    public func bytes(_ key: String) throws(FormatError) -> [UInt8] {
        guard case .bytes(let bytes) = try value(key) else { throw FormatError(layer, "'\(key)' must be a byte string") }
        return bytes
    }

    public func array(_ key: String) throws(FormatError) -> [CBOR] {
        guard case .array(let items) = try value(key) else { throw FormatError(layer, "'\(key)' must be an array") }
        return items
    }

    /// The value of `key`, which must be text equal to `expected`.
    public func require(_ key: String, equals expected: String) throws(FormatError) {
        guard case .text(let text) = try value(key), text == expected else {
            throw FormatError(layer, "'\(key)' must be \"\(expected)\"")
        }
    }
}

extension CBOR {
    /// A map with text keys, for the store's and the trust files' self-describing maps.
    public static func textMap(_ fields: [(String, CBOR)]) -> CBOR {
        .map(fields.map { CBORMapEntry(.text($0.0), $0.1) })
    }
}

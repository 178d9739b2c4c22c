/// Reads JSON text into a ``CBOR`` tree, for the readers that decode a document from a tree
/// (``CBORValueDecoder``): the text is checked by ``JSONTape`` (the one JSON reader), then
/// objects become maps with text keys (sorted by key), arrays arrays, numbers integers when
/// they are whole and fit 64 bits (else floats), and strings text.
///
/// Its errors carry a byte offset only; ``JSONTree`` asks ``JSONSyntax`` for the line,
/// column and reason to show a person.
public enum JSONReader {
    /// Deepest nesting of arrays and objects read.
    public static let maximumDepth = JSONTape.maximumDepth

    /// Why a text was refused, at which byte.
    public typealias Failure = JSONTape.Failure

    /// The value of `bytes` (one JSON value, white space around it allowed, and a UTF-8
    /// byte order mark first).
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> CBOR {
        tree(try JSONTape(bytes).root)
    }

    /// The tree of a checked value (nested at most ``maximumDepth`` deep, so the recursion is bounded).
    public static func tree(_ value: JSONElement) -> CBOR {
        switch value.kind {
        case .object:
            var entries = [CBORMapEntry]()
            entries.reserveCapacity(value.count)
            value.forEachMember { name, member in entries.append(CBORMapEntry(.text(name), tree(member))) }
            entries.sort { name($0) < name($1) }
            return .map(entries)
        case .array:
            var items = [CBOR]()
            items.reserveCapacity(value.count)
            value.forEachItem { items.append(tree($0)) }
            return .array(items)
        case .string: return .text(value.text!)
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .number:
            if let whole = value.integer { return .int(whole) }
            // A number beyond a double's range reads as infinity (JSON allows it; Foundation
            // reads it too), and whoever uses the value checks that it is finite.
            return .float(value.double ?? .nan)
        }
    }

    /// The name of an entry this reader made (its key is always text).
    private static func name(_ entry: CBORMapEntry) -> String {
        guard case .text(let name) = entry.key else { return "" }
        return name
    }
}

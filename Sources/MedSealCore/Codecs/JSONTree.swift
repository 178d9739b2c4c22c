import Foundation

/// Reads JSON text into a ``CBOR`` tree with text keys, so that JSON input is decoded by
/// the same ``CBORValueDecoder`` (and the same field checks) as token contents.
public enum JSONTree {
    /// Parses JSON bytes; a syntax error becomes a ``FieldError`` that says where it is and
    /// what was expected (see ``JSONSyntax``).
    /// A name given twice in one object is refused too (Foundation would keep one value).
    public static func parse(_ data: Data) throws(FieldError) -> CBOR {
        let tree: CBOR
        do {
            tree = try JSONDecoder().decode(Node.self, from: data).item
        } catch {
            // Foundation says only that the text is not JSON; find where and why.
            throw FieldError(JSONSyntax.message(for: data) ?? "not valid JSON")
        }
        if let duplicate = JSONSyntax.duplicateName(in: data) { throw FieldError(duplicate) }
        return tree
    }

    private struct Node: Decodable {
        let item: CBOR

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
                var entries = [CBORMapEntry]()
                for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                    entries.append(CBORMapEntry(.text(key.stringValue), try keyed.decode(Node.self, forKey: key).item))
                }
                item = .map(entries)
            } else if var list = try? decoder.unkeyedContainer() {
                var items = [CBOR]()
                while !list.isAtEnd { items.append(try list.decode(Node.self).item) }
                item = .array(items)
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    item = .null
                } else if let value = try? single.decode(Bool.self) {
                    item = .bool(value)
                } else if let value = try? single.decode(Int64.self) {
                    item = .int(value)
                } else if let value = try? single.decode(Double.self) {
                    item = .float(value)
                } else {
                    item = .text(try single.decode(String.self))
                }
            }
        }
    }
}

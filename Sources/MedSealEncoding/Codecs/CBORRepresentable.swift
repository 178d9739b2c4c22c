/// A type whose compact CBOR form in tokens differs from its `Codable` form (a date as a
/// day count, a code system as a small number): ``CBORValueEncoder`` writes ``cbor``, and
/// ``CompactDecodable/init(compact:)`` reads it back.
public protocol CBORRepresentable: CompactDecodable {
    /// The compact CBOR form.
    var cbor: CBOR { get }
}

/// A problem with one field of a document: where it is and what is wrong with it,
/// printed as `doses[1].date: '11/06/2019' is not a date (expected YYYY-MM-DD)`.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field's path, such as `doses[1].date`; empty for the document itself.
    public var path: String
    public var message: String

    public init(path: String = "", _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A coding key for any name or index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Formats a coding path as `doses[1].vaccine.code`.
package func describePath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if key is ArrayIndexKey, let index = key.intValue {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text
}

/// The coding key of an array element.
struct ArrayIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

import Foundation
import MedSealEncoding

/// A value of CertLogic (the EU's business-rule language, a restricted JsonLogic): a JSON
/// value, or a date-time, which only `plusTime` and `dccDateOfBirth` make.
public indirect enum LogicValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// A number that is not an integer (JSON allows it; CertLogic operations refuse it).
    case decimal(Double)
    case string(String)
    case array([LogicValue])
    case object([String: LogicValue])
    /// Milliseconds since 1970, UTC.
    case dateTime(Int64)

    /// Reads a JSON value.
    public init(_ element: JSONElement) {
        switch element.kind {
        case .null: self = .null
        case .true: self = .bool(true)
        case .false: self = .bool(false)
        case .string: self = .string(element.text ?? "")
        case .number:
            let text = element.numberText ?? "0"
            if let whole = Int64(text) {
                self = .integer(whole)
            } else if let number = Double(text), number.rounded() == number, abs(number) < 9.0e15 {
                self = .integer(Int64(number))  // 42.0 is the integer 42, as in JavaScript
            } else {
                self = .decimal(Double(text) ?? .nan)
            }
        case .array: self = .array(element.items.map(LogicValue.init))
        case .object:
            var members = [String: LogicValue]()
            element.forEachMember { name, value in members[name] = LogicValue(value) }
            self = .object(members)
        }
    }

    /// Reads JSON text (one value).
    public init(json bytes: [UInt8]) throws(FormatError) {
        do { self.init(try JSONTape(bytes).root) } catch { throw FormatError("JSON", "\(error.reason) (at byte \(error.offset))") }
    }

    /// CertLogic's truthiness: `true`, a non-empty string or array, a non-zero integer, an
    /// object with a member. `nil` for a value that is neither truthy nor falsy (a date-time,
    /// a non-integer number).
    public var truthiness: Bool? {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .integer(let value): return value != 0
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        case .decimal, .dateTime: return nil
        }
    }

    /// The value as JSON text (object members sorted; a date-time as ISO 8601 text).
    public var json: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .decimal(let value): return String(value)
        case .string(let text): return JSONText.quoted(text)
        case .array(let items): return "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.keys.sorted().map { JSONText.quoted($0) + ":" + members[$0]!.json }.joined(separator: ",") + "}"
        case .dateTime(let milliseconds): return JSONText.quoted(LogicDateTime.text(milliseconds))
        }
    }
}

import Foundation

/// A JSON value of the small kinds MedSeal's line-oriented files hold (audit entries, batch
/// report rows).
public enum JSONValue: Hashable, Sendable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case strings([String])

    /// The value read back from `JSONSerialization`, when it is one of these kinds.
    init?(any value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { self = .bool(number.boolValue) } else { self = .int(number.int64Value) }
        case let items as [Any]:
            var strings = [String]()
            for item in items {
                guard let text = item as? String else { return nil }
                strings.append(text)
            }
            self = .strings(strings)
        default: return nil
        }
    }
}

/// Writes one-line JSON objects with sorted keys, fast and always the same way for the same
/// content (so that a hash over it can be recomputed).
public enum JSONText {
    /// `{"a":1,"b":"x"}` with keys in sorted order.
    public static func object(_ fields: [String: JSONValue]) -> String {
        var text = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            text += quoted(key) + ":" + value(fields[key]!)
        }
        return text + "}"
    }

    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .strings(let items): return "[" + items.map(quoted).joined(separator: ",") + "]"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

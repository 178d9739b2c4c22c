import Foundation
import MedSealModel

extension LogicValue {
    /// The JSON Canonicalization Scheme (RFC 8785) form of the value: members sorted by the
    /// UTF-16 code units of their names, no white space, strings escaped as ECMAScript's
    /// `JSON.stringify` does, numbers in ECMAScript's shortest form. What an ICAO VDS-NC
    /// signature covers.
    public var canonicalJSON: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .decimal(let value): return LogicValue.ecmaScriptNumber(value)
        case .string(let text): return LogicValue.canonicalString(text)
        case .dateTime(let milliseconds): return LogicValue.canonicalString(LogicDateTime.text(milliseconds))
        case .array(let items): return "[" + items.map(\.canonicalJSON).joined(separator: ",") + "]"
        case .object(let members):
            let names = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            return "{" + names.map { LogicValue.canonicalString($0) + ":" + members[$0]!.canonicalJSON }.joined(separator: ",") + "}"
        }
    }

    static func canonicalString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// ECMAScript's `Number.prototype.toString` for finite numbers (integers below 10²¹ written
    /// out, otherwise the shortest round-trip digits with an exponent like `1e-7`, `1e+21`).
    static func ecmaScriptNumber(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e21 { return String(format: "%.0f", value) }
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            text = String(text[..<e]) + "e" + sign + (exponent.isEmpty ? "0" : exponent)
        }
        return text
    }
}

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
    package init?(any value: Any) {
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
        String(decoding: Fields(fields).bytes, as: UTF8.self)
    }

    /// The fields of an object, each written as `"key":value`, kept in sorted key order so
    /// that fields added later (an audit entry's place in its chain) cost no new sort and
    /// the object is written by joining what is already written.
    public struct Fields: Sendable {
        private var keys: [String] = []
        private var written: [[UInt8]] = []

        public init(_ fields: [String: JSONValue]) {
            for key in fields.keys.sorted() {
                keys.append(key)
                written.append(Fields.write(key, JSONText.value(fields[key]!)))
            }
        }

        /// Adds a field (or replaces the field of that key) whose value is already JSON.
        public mutating func set(_ key: String, json value: String) {
            var low = 0, high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            if low < keys.count && keys[low] == key {
                written[low] = Fields.write(key, value)
            } else {
                keys.insert(key, at: low)
                written.insert(Fields.write(key, value), at: low)
            }
        }

        /// The object's text as UTF-8: `{`, the fields joined by commas, `}`.
        public var bytes: [UInt8] {
            var output = [UInt8]()
            output.reserveCapacity(written.reduce(2) { $0 + $1.count + 1 })
            output.append(0x7B)
            for (index, field) in written.enumerated() {
                if index > 0 { output.append(0x2C) }
                output += field
            }
            output.append(0x7D)
            return output
        }

        private static func write(_ key: String, _ value: String) -> [UInt8] {
            var output = [UInt8]()
            JSONText.appendQuoted(key, to: &output)
            output.append(0x3A)
            output += value.utf8
            return output
        }
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

    /// A JSON string literal: quotes, backslashes, control characters, the two line
    /// separators U+2028 and U+2029, and a U+FEFF that starts the text escaped (Foundation's
    /// JSON reader drops a byte order mark that starts a string, so a raw one would not read
    /// back; one further in reads back, and stays raw so that old audit entries still hash
    /// the same). Works on the UTF-8 bytes: every character it escapes is ASCII or one fixed
    /// three-byte sequence. This is the audit log's canonical form, which its hashes cover, so
    /// it never changes; what is shown to people goes through ``escapingInvisible(_:)`` too.
    public static func quoted(_ text: String) -> String {
        var output = [UInt8]()
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends ``quoted(_:)`` of `text`, as UTF-8, to `output`.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            output.reserveCapacity(output.count + bytes.count + 2)
            output.append(0x22)
            // Most text (hashes, names, verdicts) needs no escape: then it goes in whole.
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 || $0 == 0xEF }) {
                output += bytes
                output.append(0x22)
                return
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x22, 0x5C: output += [0x5C, byte]
                case 0x0A: output += [0x5C, 0x6E]
                case 0x0D: output += [0x5C, 0x72]
                case 0x09: output += [0x5C, 0x74]
                case 0x00..<0x20: output += Array("\\u00".utf8) + hexDigits(byte)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    output += Array("\\u20".utf8) + hexDigits(bytes[index + 2] - 0x80)
                    index += 2
                case 0xEF where index == 0 && bytes.count >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF:
                    output += Array("\\ufeff".utf8)
                    index += 2
                default: output.append(byte)
                }
                index += 1
            }
            output.append(0x22)
        }
    }

    /// JSON text with every character a terminal would act on (DEL, C1, U+2028, U+2029, the
    /// bidirectional embedding, override and isolate controls; see ``TerminalText``) written
    /// as `\\uXXXX`, for JSON that people may read in a terminal (`--json`, JSON-lines
    /// reports, `audit show --json`). Outside strings JSON has no such characters, and inside
    /// them the escape means the same.
    public static func escapingInvisible(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F && TerminalText.isUnsafe(scalar.value) {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Two lowercase hexadecimal digits.
    private static func hexDigits(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}

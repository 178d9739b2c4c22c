import Foundation

/// The one way MedSeal writes JSON documents (key files, reports, vectors, trust files,
/// records): keys in sorted order, strings escaped as ``JSONText/quoted(_:)`` escapes them,
/// no escaped slashes, and, when `pretty`, the layout of Foundation's pretty printer (two
/// spaces, `"key" : value`), so files written before read and diff the same.
///
/// It writes two shapes: Foundation-shaped values (`[String: Any]`, `[Any]`, `String`,
/// numbers, `Bool`, `NSNull`), and ``CBOR`` trees with text keys (what ``CBORValueEncoder``
/// makes of an `Encodable` with ``CBORValueEncoder/Keys/names``); bytes are written as
/// standard base64 text.
public enum JSONWriter {
    /// A value that cannot be written (a number that is not finite, a non-text map key, a
    /// type JSON has no form for).
    public struct Unwritable: Error, CustomStringConvertible {
        public let description: String
    }

    /// `value` (Foundation-shaped) as JSON bytes.
    public static func data(_ value: Any, pretty: Bool = false) throws(Unwritable) -> Data {
        var writer = Output(pretty: pretty)
        try writer.write(any: value, depth: 0)
        return Data(writer.bytes)
    }

    /// `value` (a CBOR tree with text keys) as JSON bytes.
    public static func data(cbor value: CBOR, pretty: Bool = false) throws(Unwritable) -> Data {
        var writer = Output(pretty: pretty)
        try writer.write(cbor: value, depth: 0)
        return Data(writer.bytes)
    }

    /// `value` encoded by its `Encodable` conformance with its field names as keys.
    public static func data(encoding value: some Encodable, pretty: Bool = false) throws -> Data {
        try data(cbor: CBORValueEncoder.encode(value, keys: .names), pretty: pretty)
    }

    private struct Output {
        let pretty: Bool
        var bytes: [UInt8] = []

        init(pretty: Bool) {
            self.pretty = pretty
            bytes.reserveCapacity(256)
        }

        mutating func newline(_ depth: Int) {
            guard pretty else { return }
            bytes.append(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }

        /// `[`…`]` or `{`…`}` around `count` elements, each written by `element`.
        mutating func container(open: UInt8, close: UInt8, count: Int, depth: Int,
                                _ element: (inout Output, Int) throws(Unwritable) -> Void) throws(Unwritable) {
            bytes.append(open)
            // Foundation's pretty printer leaves an empty line in an empty container.
            if count == 0 {
                if pretty { bytes.append(0x0A); newline(depth) }
                bytes.append(close)
                return
            }
            for index in 0..<count {
                if index > 0 { bytes.append(0x2C) }
                newline(depth + 1)
                try element(&self, index)
            }
            newline(depth)
            bytes.append(close)
        }

        mutating func name(_ key: String) {
            JSONText.appendQuoted(key, to: &bytes)
            bytes.append(contentsOf: pretty ? [0x20, 0x3A, 0x20] : [0x3A])
        }

        mutating func number(_ value: Double) throws(Unwritable) {
            guard value.isFinite else { throw Unwritable(description: "\(value) is not a JSON number") }
            // Whole numbers as integers (1, -0), as Foundation writes them.
            if value == value.rounded(), abs(value) < 1e15 {
                bytes.append(contentsOf: (value == 0 && value.sign == .minus ? "-0" : String(Int64(value))).utf8)
            } else {
                bytes.append(contentsOf: "\(value)".utf8)
            }
        }

        mutating func write(any value: Any, depth: Int) throws(Unwritable) {
            switch value {
            case is NSNull: bytes.append(contentsOf: "null".utf8)
            case let text as String: JSONText.appendQuoted(text, to: &bytes)
            case let number as NSNumber where type(of: value) is NSNumber.Type:
                // Foundation's numbers: by their stored type (`c` is how a boolean is kept).
                switch String(cString: number.objCType) {
                case "c": bytes.append(contentsOf: (number.boolValue ? "true" : "false").utf8)
                case "d", "f": try self.number(number.doubleValue)
                case "Q", "L", "I", "S", "C": bytes.append(contentsOf: String(number.uint64Value).utf8)
                default: bytes.append(contentsOf: String(number.int64Value).utf8)
                }
            case let flag as Bool: bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case let number as Int: bytes.append(contentsOf: String(number).utf8)
            case let number as Int64: bytes.append(contentsOf: String(number).utf8)
            case let number as Int32: bytes.append(contentsOf: String(number).utf8)
            case let number as UInt64: bytes.append(contentsOf: String(number).utf8)
            case let number as UInt: bytes.append(contentsOf: String(number).utf8)
            case let number as Double: try self.number(number)
            case let number as Float: try self.number(Double(number))
            case let items as [Any]:
                try container(open: 0x5B, close: 0x5D, count: items.count, depth: depth) { (output, index) throws(Unwritable) in
                    try output.write(any: items[index], depth: depth + 1)
                }
            case let object as [String: Any]:
                let keys = object.keys.sorted()
                try container(open: 0x7B, close: 0x7D, count: keys.count, depth: depth) { (output, index) throws(Unwritable) in
                    output.name(keys[index])
                    try output.write(any: object[keys[index]]!, depth: depth + 1)
                }
            case let data as Data: JSONText.appendQuoted(data.base64EncodedString(), to: &bytes)
            default: throw Unwritable(description: "\(type(of: value)) has no JSON form")
            }
        }

        mutating func write(cbor value: CBOR, depth: Int) throws(Unwritable) {
            switch value {
            case .null, .undefined: bytes.append(contentsOf: "null".utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .unsigned(let number): bytes.append(contentsOf: String(number).utf8)
            case .negative(let number): bytes.append(contentsOf: (number == .max ? "-18446744073709551616" : "-" + String(number + 1)).utf8)
            case .float(let number): try self.number(number)
            case .text(let text): JSONText.appendQuoted(text, to: &bytes)
            case .bytes(let data): JSONText.appendQuoted(Data(data).base64EncodedString(), to: &bytes)
            case .tagged(_, let inner): try write(cbor: inner, depth: depth)
            case .array(let items):
                try container(open: 0x5B, close: 0x5D, count: items.count, depth: depth) { (output, index) throws(Unwritable) in
                    try output.write(cbor: items[index], depth: depth + 1)
                }
            case .map(let entries):
                var named = [(String, CBOR)]()
                for entry in entries {
                    guard case .text(let key) = entry.key else { throw Unwritable(description: "a map key that is not text (\(entry.key.kindName))") }
                    named.append((key, entry.value))
                }
                named.sort { $0.0 < $1.0 }
                try container(open: 0x7B, close: 0x7D, count: named.count, depth: depth) { (output, index) throws(Unwritable) in
                    output.name(named[index].0)
                    try output.write(cbor: named[index].1, depth: depth + 1)
                }
            }
        }
    }

}

/// Reads JSON text (RFC 8259, and a comma before a closing bracket or brace, which
/// Foundation's parser and ``JSONSyntax`` accept too) straight into a ``CBOR`` tree in one pass over its bytes:
/// objects become maps with text keys (sorted by key), arrays arrays, numbers integers when
/// they are whole and fit 64 bits (else floats), and strings text. It refuses, without
/// building anything more, invalid UTF-8, a name given twice in one object, and nesting
/// deeper than ``maximumDepth``; it never recurses deeper than that.
///
/// It is the fast path of ``JSONTree``: a SMART Health Card's payload is read in a few
/// microseconds, where Foundation's `JSONDecoder` and `Codable` took most of a verification.
/// Its errors carry a byte offset only; ``JSONTree`` asks ``JSONSyntax`` for the line,
/// column and reason to show a person.
public struct JSONReader {
    /// Deepest nesting of arrays and objects read.
    public static let maximumDepth = 64

    /// Why a text was refused, at which byte.
    public struct Failure: Error, Sendable {
        public let offset: Int
        public let reason: String
    }

    private let bytes: [UInt8]
    private var position = 0

    /// The value of `bytes` (one JSON value, white space around it allowed, and a UTF-8
    /// byte order mark first).
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> CBOR {
        var reader = JSONReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.fail("unexpected text after the value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> CBOR {
        guard position < bytes.count else { throw fail("a value was expected") }
        switch bytes[position] {
        case 0x7B: return try object(depth: depth + 1)
        case 0x5B: return try array(depth: depth + 1)
        case 0x22: return .text(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return try number()
        default: throw fail("a value was expected")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("a value was expected") }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw fail("a value was expected") }
        position += count
    }

    private mutating func object(depth: Int) throws(Failure) -> CBOR {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        position += 1
        var entries = [(key: String, value: CBOR)]()
        skipSpace()
        if position < bytes.count && bytes[position] == 0x7D {
            position += 1
            return .map([])
        }
        while true {
            skipSpace()
            // A comma before the closing brace is tolerated, as Foundation's parser does.
            if !entries.isEmpty && position < bytes.count && bytes[position] == 0x7D { position += 1; break }
            guard position < bytes.count, bytes[position] == 0x22 else { throw fail("a name in quotes was expected") }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == 0x3A else { throw fail("':' was expected") }
            position += 1
            skipSpace()
            entries.append((key, try value(depth: depth)))
            skipSpace()
            guard position < bytes.count else { throw fail("',' or '}' was expected") }
            if bytes[position] == 0x2C { position += 1; continue }
            guard bytes[position] == 0x7D else { throw fail("',' or '}' was expected") }
            position += 1
            break
        }
        if entries.count > 1 {
            entries.sort { $0.key < $1.key }
            for index in 1..<entries.count where entries[index].key == entries[index - 1].key {
                throw fail("'\(entries[index].key)' is given twice in one object")
            }
        }
        return .map(entries.map { CBORMapEntry(.text($0.key), $0.value) })
    }

    private mutating func array(depth: Int) throws(Failure) -> CBOR {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        position += 1
        var items = [CBOR]()
        skipSpace()
        if position < bytes.count && bytes[position] == 0x5D {
            position += 1
            return .array([])
        }
        while true {
            skipSpace()
            // A comma before the closing bracket is tolerated, as Foundation's parser does.
            if !items.isEmpty && position < bytes.count && bytes[position] == 0x5D { position += 1; return .array(items) }
            items.append(try value(depth: depth))
            skipSpace()
            guard position < bytes.count else { throw fail("',' or ']' was expected") }
            if bytes[position] == 0x2C { position += 1; continue }
            guard bytes[position] == 0x5D else { throw fail("',' or ']' was expected") }
            position += 1
            return .array(items)
        }
    }

    /// A string; `position` is at its opening quote.
    private mutating func string() throws(Failure) -> String {
        position += 1
        let start = position
        // Most strings have no escape: find the closing quote and take the bytes whole.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 {
                defer { position += 1 }
                guard let text = String(validating: bytes[start..<position], as: UTF8.self) else { throw fail("the text is not UTF-8") }
                return text
            }
            if byte == 0x5C { break }
            guard byte >= 0x20 else { throw fail("a control character in a string must be escaped") }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x22:
                position += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw fail("the text is not UTF-8") }
                return text
            case 0x5C:
                position += 1
                guard position < bytes.count else { throw fail("an escape was cut short") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: buffer.append(escape)
                case 0x62: buffer.append(0x08)
                case 0x66: buffer.append(0x0C)
                case 0x6E: buffer.append(0x0A)
                case 0x72: buffer.append(0x0D)
                case 0x74: buffer.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 else { throw fail("a lone UTF-16 surrogate") }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone UTF-16 surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("a lone UTF-16 surrogate")
                    }
                    buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default: throw fail("an unknown escape")
                }
            default:
                guard byte >= 0x20 else { throw fail("a control character in a string must be escaped") }
                buffer.append(byte)
                position += 1
            }
        }
        throw fail("the string is not closed")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("\\u needs four hexadecimal digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("\\u needs four hexadecimal digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// A number as RFC 8259 writes it: an integer when it is whole and fits 64 bits.
    private mutating func number() throws(Failure) -> CBOR {
        let start = position
        if bytes[position] == 0x2D { position += 1 }
        guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected") }
        if bytes[position] == 0x30 {
            position += 1
        } else {
            while position < bytes.count && (0x30...0x39).contains(bytes[position]) { position += 1 }
        }
        var integral = true
        if position < bytes.count && bytes[position] == 0x2E {
            integral = false
            position += 1
            guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected after '.'") }
            while position < bytes.count && (0x30...0x39).contains(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] == 0x65 || bytes[position] == 0x45) {
            integral = false
            position += 1
            if position < bytes.count && (bytes[position] == 0x2B || bytes[position] == 0x2D) { position += 1 }
            guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected in the exponent") }
            while position < bytes.count && (0x30...0x39).contains(bytes[position]) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if integral, let whole = Int64(text) { return .int(whole) }
        // A number beyond a double's range reads as infinity (JSON allows it; Foundation
        // reads it too), and whoever uses the value checks that it is finite.
        guard let double = Double(text) else { throw fail("not a number") }
        if double == double.rounded(), abs(double) < 9.2e18 { return .int(Int64(double)) }
        return .float(double)
    }
}

import Foundation

/// Finds the first syntax error in JSON text (RFC 8259) and says where it is and what was
/// expected, for people who edit input files by hand: the one reader (``JSONTape``) refuses
/// a text at a byte offset, and this runs after it to give the line, column and reason.
///
/// It also names a name given twice in one object, which a parser like Foundation's accepts
/// while keeping only one of the values: a hand-edited record with two `allergies` lists would
/// lose one without a word, and a signed header with two `alg`s could be read differently by
/// two parsers (RFC 7515 §5.2). The one reader refuses such a text; this says where.
///
/// It checks syntax only and builds nothing. Nesting deeper than ``maximumDepth`` is a
/// problem too, so it never recurses without bound.
public enum JSONSyntax {
    /// Where a text stops being JSON: a 1-based line and column (in characters) and why.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let reason: String
        /// Whether the problem is a name given twice in an object, in text that is otherwise JSON.
        public var isDuplicateName = false

        public var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// "not valid JSON at line L, column C: reason" for a text a parser refused, or `nil`
    /// when its syntax is fine (and the parser refused it for something else).
    public static func message(for data: Data) -> String? {
        firstProblem(in: [UInt8](data)).map { $0.isDuplicateName ? "\($0)" : "not valid JSON at \($0)" }
    }

    /// "line L, column C: 'name' is given twice …" for a text that a parser accepted, when an
    /// object in it has a name twice; `nil` when none has.
    public static func duplicateName(in data: Data) -> String? {
        guard let problem = firstProblem(in: [UInt8](data)), problem.isDuplicateName else { return nil }
        return "\(problem)"
    }

    /// Why a text was refused: where its syntax breaks or a name is repeated, or `nil` when
    /// Foundation refused it for a reason this scanner does not see.
    public struct Refusal: Error {
        public let message: String?
    }

    /// The value in `data` (any top-level value) in the shape Foundation's parser gives, read
    /// by the one JSON reader (``JSONTape``): a text it refuses, and one with a name given
    /// twice in an object, is refused with the place and the reason.
    public static func foundationValue(_ data: Data) throws(Refusal) -> Any {
        do { return try JSONTape([UInt8](data)).root.foundationValue } catch {
            throw Refusal(message: message(for: data) ?? "not valid JSON (at byte \(error.offset): \(error.reason))")
        }
    }

    /// The deepest nesting of arrays and objects checked.
    public static let maximumDepth = 512

    /// The first problem in `bytes`, or `nil` when they are one JSON value with optional
    /// white space around it (a UTF-8 byte order mark first is allowed).
    public static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do {
            try scanner.checkDocument()
            return nil
        } catch {
            var problem = scanner.problem(at: error.offset, error.reason)
            problem.isDuplicateName = error.isDuplicateName
            return problem
        }
    }

    /// A failure at a byte offset.
    struct Failure: Error {
        let offset: Int
        let reason: String
        var isDuplicateName = false
    }

    /// A cursor over the bytes with one function per grammar rule.
    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: FileStore.utf8ByteOrderMark) { position = 3 }
        }

        mutating func checkDocument() throws(Failure) {
            if let invalid = Self.firstInvalidUTF8(bytes) {
                throw Failure(offset: invalid, reason: "not UTF-8 text (byte 0x\(String(bytes[invalid], radix: 16, uppercase: true)))")
            }
            skipSpace()
            guard position < bytes.count else { throw Failure(offset: position, reason: "no JSON value (the text is empty)") }
            try checkValue(depth: 0)
            skipSpace()
            guard position == bytes.count else {
                throw Failure(offset: position, reason: "\(found()) after the end of the JSON value")
            }
        }

        mutating func checkValue(depth: Int) throws(Failure) {
            guard position < bytes.count else { throw Failure(offset: position, reason: "the text ends where a value should be") }
            switch bytes[position] {
            case UInt8(ascii: "{"): try checkContainer(close: UInt8(ascii: "}"), depth: depth)
            case UInt8(ascii: "["): try checkContainer(close: UInt8(ascii: "]"), depth: depth)
            case UInt8(ascii: "\""): try checkString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try checkNumber()
            case UInt8(ascii: "t"): try checkWord("true")
            case UInt8(ascii: "f"): try checkWord("false")
            case UInt8(ascii: "n"): try checkWord("null")
            default: throw Failure(offset: position, reason: "expected a value, found \(found())")
            }
        }

        /// An object (members `"name": value`) or an array, each item followed by a comma or
        /// the closing bracket. An error names where the container opened.
        mutating func checkContainer(close: UInt8, depth: Int) throws(Failure) {
            let open = position
            let isObject = close == UInt8(ascii: "}")
            let kind = isObject ? "object" : "array"
            guard depth < JSONSyntax.maximumDepth else { throw Failure(offset: open, reason: "nested more than \(JSONSyntax.maximumDepth) deep") }
            position += 1
            skipSpace()
            var names = [String: Int]()
            while true {
                // A comma before the closing bracket: Foundation's parser allows it, so this does too.
                if position < bytes.count && bytes[position] == close { position += 1; return }
                if isObject {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw Failure(offset: position, reason: "expected a name in double quotes, found \(found())")
                    }
                    let nameStart = position
                    try checkString()
                    let name = Self.text(of: bytes[nameStart..<position])
                    if let first = names[name] {
                        throw Failure(offset: nameStart, reason: "'\(name)' is given twice in the object opened at \(place(open)) (first at \(place(first))), and only one would be read: merge them or remove one",
                                      isDuplicateName: true)
                    }
                    names[name] = nameStart
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                        throw Failure(offset: position, reason: "expected ':' after the name, found \(found())")
                    }
                    position += 1
                    skipSpace()
                }
                try checkValue(depth: depth + 1)
                skipSpace()
                guard position < bytes.count else {
                    throw Failure(offset: position, reason: "the text ends inside the \(kind) opened at \(place(open))")
                }
                if bytes[position] == close { position += 1; return }
                guard bytes[position] == UInt8(ascii: ",") else {
                    throw Failure(offset: position, reason: "expected ',' or '\(Character(Unicode.Scalar(close)))' in the \(kind) opened at \(place(open)), found \(found())")
                }
                position += 1
                skipSpace()
            }
        }

        mutating func checkString() throws(Failure) {
            let open = position
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { break }
                    switch bytes[position] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 1
                    case UInt8(ascii: "u"):
                        let digits = bytes[(position + 1)...].prefix(4)
                        guard digits.count == 4, digits.allSatisfy(Self.isHexDigit) else {
                            throw Failure(offset: position - 1, reason: "\\u must be followed by four hexadecimal digits")
                        }
                        position += 5
                    default:
                        throw Failure(offset: position - 1, reason: "unknown escape '\\\(Character(Unicode.Scalar(bytes[position])))' in a string")
                    }
                case 0..<0x20:
                    throw Failure(offset: position, reason: byte == 0x0A ? "line break inside a string (a string ends with '\"' on its line; write \\n for a line break)"
                                                                          : "\(found()) inside a string (write it as an escape)")
                default:
                    position += 1
                }
            }
            throw Failure(offset: bytes.count, reason: "the text ends inside the string opened at \(place(open))")
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func checkNumber() throws(Failure) {
            let start = position
            func digits() -> Int {
                let first = position
                while position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                return position - first
            }
            func refuse(_ reason: String) -> Failure {
                var end = position
                while end < bytes.count, !Self.endsAValue(bytes[end]) { end += 1 }
                return Failure(offset: start, reason: "'\(String(decoding: bytes[start..<min(end, start + 24)], as: UTF8.self))' is not a JSON number (\(reason))")
            }
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            let integerStart = position
            let integerDigits = digits()
            guard integerDigits > 0 else { throw refuse("a digit must follow '-'") }
            guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw refuse("no leading zeros") }
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw refuse("a digit must follow '.'") }
            }
            if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
                guard digits() > 0 else { throw refuse("a digit must follow the exponent's 'e'") }
            }
            guard position == bytes.count || Self.endsAValue(bytes[position]) else { throw refuse("unexpected \(found())") }
        }

        mutating func checkWord(_ word: String) throws(Failure) {
            let expected = Array(word.utf8)
            guard bytes[position...].starts(with: expected),
                  position + expected.count == bytes.count || Self.endsAValue(bytes[position + expected.count]) else {
                throw Failure(offset: position, reason: "expected a value, found \(found()) (JSON words are true, false and null, and text needs double quotes)")
            }
            position += expected.count
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        /// What is at the position, for messages: a quoted character, or "the end of the text".
        func found() -> String {
            guard position < bytes.count else { return "the end of the text" }
            let byte = bytes[position]
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            if byte < 0x80 { return "character 0x\(String(byte, radix: 16, uppercase: true))" }
            let end = bytes[position...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
            return "'\(String(decoding: bytes[position..<end], as: UTF8.self))'"
        }

        /// "line L, column C" of a byte offset.
        func place(_ offset: Int) -> String {
            let problem = self.problem(at: offset, "")
            return "line \(problem.line), column \(problem.column)"
        }

        /// The problem at a byte offset, with its line and column (columns count characters:
        /// every byte that does not continue a UTF-8 sequence starts one).
        func problem(at offset: Int, _ reason: String) -> Problem {
            var line = 1, column = 1
            for byte in bytes[..<min(offset, bytes.count)] {
                if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            return Problem(line: line, column: column, reason: reason)
        }

        /// The text of a checked JSON string, quotes included in `quoted`, with its escapes
        /// read (by the one reader, when there are any).
        static func text(of quoted: ArraySlice<UInt8>) -> String {
            guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
            return (try? JSONTape(Array(quoted)).root.text) ?? String(decoding: quoted, as: UTF8.self)
        }

        static func endsAValue(_ byte: UInt8) -> Bool {
            [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(byte)
        }

        static func isHexDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }

        /// The offset of the first byte that is not part of valid UTF-8, if any.
        static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var offset = 0
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): offset += UTF8.width(scalar)
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
    }
}

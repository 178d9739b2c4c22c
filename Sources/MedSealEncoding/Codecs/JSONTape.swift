import Foundation

/// MedSeal's one JSON reader: checks JSON text (RFC 8259, plus a comma before a closing
/// bracket or brace, which Foundation's parser and ``JSONSyntax`` accept too) in one pass
/// over its bytes and records where each value is, without making a string or a container:
/// a flat list of nodes, one per value and per object member name, each knowing where its
/// subtree ends. ``JSONElement`` reads values from it; ``JSONReader`` turns it into a ``CBOR``
/// tree where a tree is wanted.
///
/// It refuses, before anything is built on it, invalid UTF-8, a bad escape (a lone UTF-16
/// surrogate too), a control character in a string, a name given twice in one object
/// (names compared as Swift compares text: canonically equivalent names are the same name),
/// and nesting deeper than ``maximumDepth``; it never recurses.
public final class JSONTape: Sendable {
    /// Deepest nesting of arrays and objects read.
    public static let maximumDepth = 64

    /// Why a text was refused, at which byte.
    public struct Failure: Error, Sendable {
        public let offset: Int
        public let reason: String
    }

    /// What a node is.
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    /// One value (or member name): its kind, its bytes (a string's without the quotes, a
    /// container's from bracket to bracket) and the index of the node after its subtree.
    struct Node: Sendable {
        var kind: Kind
        /// A string with at least one escape.
        var escaped: Bool
        var start: Int32
        var end: Int32
        var after: Int32
        /// Members of an object, items of an array.
        var count: Int32
    }

    let bytes: [UInt8]
    let nodes: [Node]
    /// Every byte of the text is below 0x80.
    let isASCII: Bool

    /// Checks `bytes` (one JSON value, white space around it allowed, and a UTF-8 byte order
    /// mark first) and records its values.
    public init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count < Int(Int32.max) else { throw Failure(offset: 0, reason: "the text is too long") }
        let isASCII = bytes.withUnsafeBufferPointer { ASCIIScan($0).isASCII }
        // Where the first invalid byte is matters less than that there is one.
        guard isASCII || bytes.withUnsafeBufferPointer({ UTF8Text.string(validating: $0) != nil }) else {
            throw Failure(offset: 0, reason: "the text is not UTF-8")
        }
        self.isASCII = isASCII
        self.bytes = bytes
        // The builder reads through a pointer: no bounds check or reference count per byte.
        let built: Result<[Node], Failure> = bytes.withUnsafeBufferPointer { all in
            var builder = Builder(bytes: all, isASCII: isASCII)
            do throws(Failure) { try builder.run() } catch { return .failure(error) }
            return .success(builder.nodes)
        }
        self.nodes = try built.get()
    }

    /// The value the text holds.
    public var root: JSONElement { JSONElement(tape: self, index: 0) }

    /// The text of string node `index`, escapes decoded (the bytes were checked as UTF-8).
    func string(at index: Int) -> String {
        bytes.withUnsafeBufferPointer { Self.text(of: nodes[index], in: $0) }
    }

    /// The text of string `node` of `bytes` (checked as UTF-8), escapes decoded.
    static func text(of node: Node, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)])
        return node.escaped ? String(decoding: unescaped(raw), as: UTF8.self) : UTF8Text.string(valid: raw)
    }

    /// Whether string node `index` holds `name`, as Swift compares text (so that lookups agree
    /// with the duplicate-name rule).
    func string(at index: Int, equals name: String) -> Bool {
        var utf8 = name
        return utf8.withUTF8 { string(at: index, equals: JSONTape.Name(name, utf8: $0)) }
    }

    /// A name looked up, its bytes and whether they are ASCII found once for every member
    /// compared with it.
    struct Name {
        let utf8: UnsafeBufferPointer<UInt8>
        let isASCII: Bool
        /// The name as written in the code, or as given.
        private let written: StaticString?
        private let given: String?

        init(_ text: String, utf8: UnsafeBufferPointer<UInt8>) {
            self.utf8 = utf8
            isASCII = !utf8.contains { $0 >= 0x80 }
            written = nil
            given = text
        }

        init(_ name: StaticString) {
            utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            isASCII = name.isASCII
            written = name
            given = nil
        }

        /// The name as text, made only when a member's name has to be compared as text.
        func text() -> String { given ?? written!.description }
    }

    /// Whether string node `index` holds `name` (see ``matches(_:_:in:)``).
    func string(at index: Int, equals name: Name) -> Bool {
        bytes.withUnsafeBufferPointer { matches(nodes[index], name, in: $0) }
    }

    /// Whether string `node` of `all` (this tape's bytes) holds `name`: plain ASCII on both
    /// sides is compared as bytes, in place, length first (most lookups pass over members
    /// with other names); anything else as text.
    @inline(__always)
    func matches(_ node: Node, _ name: Name, in all: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.end)])
        // (Not ASCII on either side: a Kelvin sign is canonically the letter K.)
        guard !node.escaped, name.isASCII, isASCII || ASCIIScan(raw).isASCII else { return Self.text(of: node, in: all) == name.text() }
        return raw.count == name.utf8.count && (raw.isEmpty || memcmp(raw.baseAddress!, name.utf8.baseAddress!, raw.count) == 0)
    }

    /// The node of the value of member `name` of object node `object`. The members are walked
    /// through pointers: no bounds check, and no reference count, per member passed over.
    func member(of object: Int, named name: Name) -> Int? {
        nodes.withUnsafeBufferPointer { nodes in
            bytes.withUnsafeBufferPointer { all in
                var member = object + 1
                for _ in 0..<nodes[object].count {
                    if matches(nodes[member], name, in: all) { return member + 1 }
                    member = Int(nodes[member + 1].after)
                }
                return nil
            }
        }
    }

    /// The bytes of a string's content with its escapes (already checked) decoded.
    static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var position = 0
        func hex4() -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<4 { value = value << 4 | UInt32(hexDigit(raw[position + offset])!) }
            position += 4
            return value
        }
        while position < raw.count {
            let byte = raw[position]
            position += 1
            guard byte == 0x5C else { out.append(byte); continue }
            let escape = raw[position]
            position += 1
            switch escape {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    position += 2
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4() - 0xDC00)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: out.append(escape)
            }
        }
        return out
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// The single pass: an explicit stack of open containers instead of recursion.
    private struct Builder {
        let bytes: UnsafeBufferPointer<UInt8>
        var nodes: [Node] = []
        var position = 0
        /// Open containers: their node index.
        var open: [Int] = []

        /// Every byte of the text is below 0x80.
        let isASCII: Bool

        init(bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
            self.bytes = bytes
            self.isASCII = isASCII
            nodes.reserveCapacity(bytes.count / 8 + 4)
        }

        func fail(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func run() throws(Failure) {
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
            skipSpace()
            try value()
            while let container = open.last {
                skipSpace()
                let isObject = nodes[container].kind == .object
                let closing: UInt8 = isObject ? 0x7D : 0x5D
                if nodes[container].count == 0 {
                    if position < bytes.count && bytes[position] == closing { try close(container) } else { try element(of: container) }
                    continue
                }
                guard position < bytes.count else { throw fail(isObject ? "',' or '}' was expected" : "',' or ']' was expected") }
                if bytes[position] == closing {
                    try close(container)
                    continue
                }
                guard bytes[position] == 0x2C else { throw fail(isObject ? "',' or '}' was expected" : "',' or ']' was expected") }
                position += 1
                skipSpace()
                // A comma before the closing bracket is tolerated, as Foundation's parser does.
                if position < bytes.count && bytes[position] == closing {
                    try close(container)
                    continue
                }
                try element(of: container)
            }
            skipSpace()
            guard position == bytes.count else { throw fail("unexpected text after the value") }
        }

        /// The next member (name, colon, value) of an object or item of an array.
        mutating func element(of container: Int) throws(Failure) {
            nodes[container].count += 1
            if nodes[container].kind == .object {
                guard position < bytes.count, bytes[position] == 0x22 else { throw fail("a name in quotes was expected") }
                try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == 0x3A else { throw fail("':' was expected") }
                position += 1
                skipSpace()
            }
            try value()
        }

        mutating func close(_ container: Int) throws(Failure) {
            position += 1
            open.removeLast()
            nodes[container].end = Int32(position)
            nodes[container].after = Int32(nodes.count)
            if nodes[container].kind == .object && nodes[container].count > 1 { try refuseDuplicateNames(container) }
        }

        /// One value; a container is only opened (``run()`` reads its elements).
        mutating func value() throws(Failure) {
            guard position < bytes.count else { throw fail("a value was expected") }
            let index = nodes.count
            switch bytes[position] {
            case 0x7B, 0x5B:
                let isObject = bytes[position] == 0x7B
                guard open.count < JSONTape.maximumDepth else { throw fail("nested deeper than \(JSONTape.maximumDepth) levels") }
                nodes.append(Node(kind: isObject ? .object : .array, escaped: false, start: Int32(position), end: 0, after: 0, count: 0))
                position += 1
                // Its elements are read by run(), which keeps the open containers.
                open.append(index)
                return
            case 0x22: try string(); return
            case 0x74: try literal("true", .true)
            case 0x66: try literal("false", .false)
            case 0x6E: try literal("null", .null)
            case 0x2D, 0x30...0x39: try number()
            default: throw fail("a value was expected")
            }
        }

        mutating func literal(_ word: StaticString, _ kind: Kind) throws(Failure) {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { throw fail("a value was expected") }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw fail("a value was expected") }
            nodes.append(Node(kind: kind, escaped: false, start: Int32(position), end: Int32(position + count), after: Int32(nodes.count + 1), count: 0))
            position += count
        }

        /// A string; `position` is at its opening quote.
        mutating func string() throws(Failure) {
            position += 1
            let start = position
            var escaped = false
            while true {
                skipPlainCharacters()
                guard position < bytes.count else { throw fail("the string is not closed") }
                let byte = bytes[position]
                if byte == 0x22 { break }
                guard byte >= 0x20 else { throw fail("a control character in a string must be escaped") }
                position += 1
                guard byte == 0x5C else { continue }
                escaped = true
                guard position < bytes.count else { throw fail("an escape was cut short") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: continue
                case 0x75:
                    let scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == 0x75 else { throw fail("a lone UTF-16 surrogate") }
                        position += 2
                        guard (0xDC00...0xDFFF).contains(try hex4()) else { throw fail("a lone UTF-16 surrogate") }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("a lone UTF-16 surrogate")
                    }
                default: throw fail("an unknown escape")
                }
            }
            nodes.append(Node(kind: .string, escaped: escaped, start: Int32(start), end: Int32(position), after: Int32(nodes.count + 1), count: 0))
            position += 1
        }

        /// Moves past string bytes that need no look (not a quote, a backslash or a control
        /// character), eight at a time, to the first that does (or the last eight bytes).
        @inline(__always)
        mutating func skipPlainCharacters() {
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            // The high bit of each byte of x that is zero (exact when bytes are below 0x80,
            // and a byte at or above 0x80 never reads as zero here).
            func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
            let raw = UnsafeRawBufferPointer(bytes)
            while position + 8 <= bytes.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let quote = zeroBytes(word ^ (0x22 &* ones)), backslash = zeroBytes(word ^ (0x5C &* ones))
                let control = (word &- 0x20 &* ones) & ~word & high
                let special = quote | backslash | control
                if special != 0 {
                    // To the first byte that needs a look (the lowest flagged byte: the flags
                    // below it are exact, as the bytes below it are plain).
                    position += special.trailingZeroBitCount >> 3
                    return
                }
                position += 8
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("\\u needs four hexadecimal digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = JSONTape.hexDigit(bytes[position]) else { throw fail("\\u needs four hexadecimal digits") }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }

        /// A number as RFC 8259 writes it.
        mutating func number() throws(Failure) {
            let start = position
            func digits() { while position < bytes.count && (0x30...0x39).contains(bytes[position]) { position += 1 } }
            if bytes[position] == 0x2D { position += 1 }
            guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected") }
            if bytes[position] == 0x30 { position += 1 } else { digits() }
            if position < bytes.count && bytes[position] == 0x2E {
                position += 1
                guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected after '.'") }
                digits()
            }
            if position < bytes.count && (bytes[position] == 0x65 || bytes[position] == 0x45) {
                position += 1
                if position < bytes.count && (bytes[position] == 0x2B || bytes[position] == 0x2D) { position += 1 }
                guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { throw fail("a digit was expected in the exponent") }
                digits()
            }
            nodes.append(Node(kind: .number, escaped: false, start: Int32(start), end: Int32(position), after: Int32(nodes.count + 1), count: 0))
        }

        /// A name given twice in the object at node `container` is refused. Plain ASCII names
        /// (nearly all) are compared as bytes; an object with any other name compares its
        /// names as text, so that canonically equivalent names count as one.
        func refuseDuplicateNames(_ container: Int) throws(Failure) {
            let end = Int(nodes[container].after)
            func nextName(after name: Int) -> Int { Int(nodes[name + 1].after) }
            func text(_ name: Int) -> String { JSONTape.text(of: nodes[name], in: bytes) }
            var plain = true
            var name = container + 1
            while name < end && plain && !isASCII {
                let node = nodes[name]
                plain = !node.escaped && !UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)]).contains(where: { $0 >= 0x80 })
                name = nextName(after: name)
            }
            // (In an ASCII text only escapes can make two different-looking names one.)
            if isASCII {
                name = container + 1
                while name < end && plain {
                    plain = !nodes[name].escaped
                    name = nextName(after: name)
                }
            }
            if plain && nodes[container].count <= 16 {
                // Each pair once, walking the tape: no list of names is made.
                var later = nextName(after: container + 1)
                while later < end {
                    let a = nodes[later]
                    var earlier = container + 1
                    while earlier < later {
                        let b = nodes[earlier]
                        if a.end - a.start == b.end - b.start && memcmp(bytes.baseAddress! + Int(a.start), bytes.baseAddress! + Int(b.start), Int(a.end - a.start)) == 0 {
                            throw Failure(offset: Int(a.start) - 1, reason: "'\(text(later))' is given twice in one object")
                        }
                        earlier = nextName(after: earlier)
                    }
                    later = nextName(after: later)
                }
                return
            }
            var names = [Int]()
            name = container + 1
            while name < end {
                names.append(name)
                name = nextName(after: name)
            }
            var seen = Set<String>()
            for name in names where !seen.insert(text(name)).inserted {
                throw Failure(offset: Int(nodes[name].start) - 1, reason: "'\(text(name))' is given twice in one object")
            }
        }
    }
}

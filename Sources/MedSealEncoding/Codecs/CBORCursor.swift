import Foundation

/// Reads CBOR (RFC 8949) from untrusted bytes one data item at a time, straight into the
/// caller's values, with no tree in between: the fast path for MedSeal's own tokens, and
/// the head-and-length reading ``CBORReader`` builds its trees with.
///
/// Every length is checked against the bytes that remain before anything is allocated,
/// and text must be valid UTF-8. In ``CBORReader/Mode/deterministic`` heads must be in their
/// shortest form and map keys in the order of RFC 8949 §4.2.1 (which also rules out
/// duplicates).
public struct CBORCursor {
    /// The head of a data item: its major type and argument.
    public struct Head {
        /// The major type, 0 to 7.
        public let major: UInt8
        /// The additional information, the low five bits of the initial byte.
        public let info: UInt8
        /// The argument; `nil` for an indefinite length (additional information 31).
        public let argument: UInt64?
        /// Where the item starts.
        public let start: Int
    }

    public let bytes: [UInt8]
    public let mode: CBORReader.Mode
    /// The layer named in errors ("claims", "document" …).
    public var layer: String
    /// The offset of the next byte to read.
    public private(set) var position: Int
    /// What every text read so far has in common (see ``TextsRead``).
    public var textsRead = TextsRead()

    /// What the texts a cursor has read have in common: when they are all plain and short,
    /// checks that every text is visible, free of control characters and not over-long
    /// cannot fail, and need not look at them again.
    public struct TextsRead {
        /// Every text is ASCII, has a printable character other than a space, and has no
        /// control character other than a line feed.
        public var allPlain = true
        /// The length in bytes of the longest text.
        public var longest = 0

        public init() {}
    }

    public init(_ bytes: [UInt8], mode: CBORReader.Mode = .deterministic, layer: String = "CBOR") {
        self.init(bytes, at: 0, mode: mode, layer: layer)
    }

    /// A cursor on `bytes` whose next item starts at `position` (an item inside bytes already
    /// read, such as a disclosure's value), with no copy.
    public init(_ bytes: [UInt8], at position: Int, mode: CBORReader.Mode = .deterministic, layer: String = "CBOR") {
        self.bytes = bytes
        self.mode = mode
        self.layer = layer
        self.position = min(max(0, position), bytes.count)
    }

    /// Moves past the next item by its heads and lengths alone, `depth` levels down at most,
    /// without building it or checking its texts or key order: only for bytes a typed reader,
    /// a digest or a signature checks in full afterwards.
    public mutating func skipStructure(depth: Int = 0) throws(FormatError) {
        guard depth <= DecodingLimits.maximumCBORDepth else { throw fail("nested deeper than \(DecodingLimits.maximumCBORDepth) levels") }
        let head = try readHead()
        switch head.major {
        case 0, 1, 7: return
        case 2, 3: position += try length(of: head, what: head.major == 2 ? "byte string" : "text string")
        case 4: for _ in 0..<(try length(of: head, what: "array")) { try skipStructure(depth: depth + 1) }
        case 5: for _ in 0..<(try length(of: head, what: "map")) { try skipStructure(depth: depth + 1); try skipStructure(depth: depth + 1) }
        default: try skipStructure(depth: depth + 1)  // a tag: its item
        }
    }

    /// The major type of the next item, without reading it; `nil` at the end of the data.
    public var nextMajorType: UInt8? { position < bytes.count ? bytes[position] >> 5 : nil }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position == bytes.count }

    /// An error of this cursor's layer, at `offset` (the current position by default).
    public func fail(_ reason: String, at offset: Int? = nil) -> FormatError {
        FormatError(layer, reason, at: offset ?? position)
    }

    mutating func readByte() throws(FormatError) -> UInt8 {
        guard position < bytes.count else { throw fail("data ends in the middle of an item") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readBigEndian(_ count: Int) throws(FormatError) -> UInt64 {
        guard bytes.count - position >= count else { throw fail("data ends in the middle of an item") }
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(bytes[position]); position += 1 }
        return value
    }

    /// Reads the next item's head, refusing reserved values and (when deterministic) a
    /// longer-than-needed argument.
    @inline(__always)
    public mutating func readHead() throws(FormatError) -> Head {
        guard position < bytes.count else { throw fail("data ends in the middle of an item") }
        let initial = bytes[position]
        // Most heads are one byte: the argument is in the initial byte.
        guard initial & 0x1F >= 24 else {
            position += 1
            return Head(major: initial >> 5, info: initial & 0x1F, argument: UInt64(initial & 0x1F), start: position - 1)
        }
        return try readLongHead()
    }

    /// A head whose argument follows the initial byte, or an indefinite length.
    private mutating func readLongHead() throws(FormatError) -> Head {
        let start = position
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1F
        let value: UInt64
        let minimum: UInt64
        switch info {
        case 24: value = try readBigEndian(1); minimum = 24
        case 25: value = try readBigEndian(2); minimum = 0x100
        case 26: value = try readBigEndian(4); minimum = 0x1_0000
        case 27: value = try readBigEndian(8); minimum = 0x1_0000_0000
        case 31: return Head(major: major, info: info, argument: nil, start: start)
        default: throw fail("reserved additional information \(info)", at: start)
        }
        // Simple values and floats (major 7) are checked by their reader.
        if mode == .deterministic && major != 7 && value < minimum {
            throw fail("integer or length not in its shortest form", at: start)
        }
        return Head(major: major, info: info, argument: value, start: start)
    }

    /// The definite length or count in `head`; a count above the bytes that remain is a lie,
    /// since every element takes at least one byte.
    @inline(__always)
    public mutating func length(of head: Head, what: String) throws(FormatError) -> Int {
        guard let length = head.argument, length <= UInt64(bytes.count - position) else { throw lengthProblem(head, what: what) }
        return Int(length)
    }

    /// Why `head` has no usable length (kept out of the inlined reads).
    @inline(never)
    private func lengthProblem(_ head: Head, what: String) -> FormatError {
        guard let length = head.argument else { return fail("indefinite-length \(what) is not supported", at: head.start) }
        return fail("\(what) claims \(length) entries or bytes but only \(bytes.count - position) bytes remain", at: head.start)
    }

    /// The head of the next item, which must be of major type `major`.
    @inline(__always)
    @usableFromInline
    mutating func expect(_ major: UInt8, _ expected: String) throws(FormatError) -> Head {
        let head = try readHead()
        guard head.major == major else { throw mismatch(head, expected: expected) }
        return head
    }

    /// The error for an item of another kind than `expected` (kept out of the inlined reads).
    @inline(never)
    private func mismatch(_ head: Head, expected: String) -> FormatError {
        fail("expected \(expected), found \(Self.kindName(of: head))", at: head.start)
    }

    /// The bytes of a definite string whose head was just read.
    mutating func stringBytes(_ head: Head, what: String) throws(FormatError) -> Range<Int> {
        let length = try length(of: head, what: what)
        defer { position += length }
        return position..<position + length
    }

    /// A definite text string's content, which must be valid UTF-8.
    mutating func text(after head: Head) throws(FormatError) -> String {
        let range = try stringBytes(head, what: "text string")
        let (text, plain): (String?, Bool) = bytes.withUnsafeBufferPointer { all in
            let utf8 = UnsafeBufferPointer(rebasing: all[range])
            // One scan tells whether it is ASCII (so valid UTF-8) and whether it is plain.
            let scan = ASCIIScan(utf8)
            return (UTF8Text.string(validating: utf8, scan: scan), scan.isASCII && scan.hasVisible && !scan.hasControl)
        }
        guard let text else { throw fail("text string is not valid UTF-8", at: head.start) }
        textsRead.allPlain = textsRead.allPlain && plain
        textsRead.longest = max(textsRead.longest, range.count)
        return text
    }

    // MARK: Typed reads

    /// The next item, which must be a text string.
    public mutating func readText() throws(FormatError) -> String {
        try text(after: expect(3, "text"))
    }

    /// The next item, which must be a byte string.
    public mutating func readBytes() throws(FormatError) -> [UInt8] {
        let range = try stringBytes(expect(2, "a byte string"), what: "byte string")
        return bytes.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The next item, which must be an unsigned integer.
    public mutating func readUnsigned() throws(FormatError) -> UInt64 {
        let head = try expect(0, "an unsigned integer")
        guard let value = head.argument else { throw fail("indefinite integer", at: head.start) }
        return value
    }

    /// The next item, which must be an integer that fits in 64 signed bits.
    public mutating func readInt() throws(FormatError) -> Int64 {
        let head = try readHead()
        guard head.major <= 1, let argument = head.argument else { throw fail("expected a whole number, found \(Self.kindName(of: head))", at: head.start) }
        guard argument <= UInt64(Int64.max) else { throw fail("number out of range", at: head.start) }
        return head.major == 0 ? Int64(argument) : -1 - Int64(argument)
    }

    /// The next item, which must be `true` or `false`.
    public mutating func readBool() throws(FormatError) -> Bool {
        let head = try readHead()
        switch (head.major, head.info) {
        case (7, 20): return false
        case (7, 21): return true
        default: throw fail("expected true or false, found \(Self.kindName(of: head))", at: head.start)
        }
    }

    /// The count of the array that starts here.
    public mutating func readArrayCount() throws(FormatError) -> Int {
        try length(of: expect(4, "a list"), what: "array")
    }

    /// The next item's entry count, which must be a map's (its entries are the caller's to read).
    public mutating func readMapLength() throws(FormatError) -> Int {
        try length(of: expect(5, "a map"), what: "map")
    }

    /// Reads the map that starts here: for each entry, `body` gets the key (when it is an
    /// integer; `nil` for any other key, which is skipped) with the cursor on the value, and
    /// must read exactly that value. In deterministic mode keys must be in order.
    @inlinable
    public mutating func readMap(_ body: (Int64?, inout CBORCursor) throws(FormatError) -> Void) throws(FormatError) {
        // Inlined into each reader so `body` is specialised; the key reading is shared.
        let count = try length(of: expect(5, "a map"), what: "map")
        var previous = MapKeyOrder.first
        for _ in 0..<count { try body(try readMapKey(after: &previous), &self) }
    }

    /// Reads one map key, checks that it sorts after `previous` and makes it the new
    /// `previous`: the integer key, or `nil` for any other key (skipped).
    @usableFromInline
    mutating func readMapKey(after previous: inout MapKeyOrder) throws(FormatError) -> Int64? {
        let keyStart = position
        guard position < bytes.count else { throw fail("data ends in the middle of an item") }
        let key: Int64?
        let order: MapKeyOrder
        if bytes[position] >> 5 <= 1 {
            let head = try readHead()
            guard let argument = head.argument, argument <= UInt64(Int64.max) else { throw fail("map key out of range", at: keyStart) }
            key = head.major == 0 ? Int64(argument) : -1 - Int64(argument)
            order = .integer(rank: UInt64(head.major) << 63 | argument)
        } else {
            try skipItem()
            key = nil
            order = .encoded(keyStart..<position)
        }
        try checkOrder(of: order, after: previous, at: keyStart)
        previous = order
        return key
    }

    /// In deterministic mode, refuses a map key that does not sort after the one before it
    /// (equal keys are a duplicate).
    func checkOrder(of key: MapKeyOrder, after previous: MapKeyOrder, at offset: Int) throws(FormatError) {
        guard mode == .deterministic else { return }
        switch previous.compare(to: key, in: bytes) {
        case .ascending: return
        case .same: throw fail("duplicate map key", at: offset)
        case .descending: throw fail("map keys are not in deterministic order", at: offset)
        }
    }

    /// Where a map key sorts in the deterministic order (RFC 8949 §4.2.1: by encoded bytes).
    /// Integer keys in their shortest form sort by major type, then by argument, which is
    /// the same order without comparing bytes: `rank` is the major type (0 or 1) in the top
    /// bit above the argument (below 2⁶³).
    @usableFromInline
    enum MapKeyOrder {
        case first
        case integer(rank: UInt64)
        case encoded(Range<Int>)

        enum Comparison { case ascending, same, descending }

        func compare(to next: MapKeyOrder, in bytes: [UInt8]) -> Comparison {
            switch (self, next) {
            case (.first, _): return .ascending
            case let (.integer(rank), .integer(nextRank)):
                return rank == nextRank ? .same : rank < nextRank ? .ascending : .descending
            case (.integer, .encoded): return .ascending  // integers (major 0, 1) sort before every other kind
            case (.encoded, .integer): return .descending
            case let (.encoded(range), .encoded(nextRange)):
                if bytes[range].elementsEqual(bytes[nextRange]) { return .same }
                return bytes[range].lexicographicallyPrecedes(bytes[nextRange]) ? .ascending : .descending
            case (_, .first): return .descending
            }
        }
    }

    /// The next item, which must be an empty map: the common case of an optional map,
    /// read without building a tree.
    public mutating func readEmptyMap() throws(FormatError) -> CBOR {
        let head = try expect(5, "a map")
        guard try length(of: head, what: "map") == 0 else { throw fail("expected an empty map", at: head.start) }
        return .map([])
    }

    /// The next item as a tree, read and checked by ``CBORReader``.
    public mutating func readItem(depth: Int = 0) throws(FormatError) -> CBOR {
        var reader = CBORReader(cursor: self)
        let item = try reader.readItem(depth: depth)
        position = reader.cursor.position
        textsRead = reader.cursor.textsRead
        return item
    }

    /// Reads past the next item, checked exactly as ``CBORReader`` checks what it reads.
    public mutating func skipItem(depth: Int = 0) throws(FormatError) {
        _ = try readItem(depth: depth)
    }

    /// A short name of the kind of item a head starts, for error messages.
    package static func kindName(of head: Head) -> String {
        switch head.major {
        case 0, 1: return "an integer"
        case 2: return "a byte string"
        case 3: return "text"
        case 4: return "a list"
        case 5: return "a map"
        case 6: return "a tagged item"
        default:
            switch head.info {
            case 20, 21: return "a boolean"
            case 22: return "null"
            case 25, 26, 27: return "a number with a fraction"
            default: return "a simple value"
            }
        }
    }
}

/// Reads one CBOR data item from untrusted bytes into a ``CBOR`` tree.
///
/// Heads, lengths and text are read by ``CBORCursor``, which checks every length against
/// the bytes that remain before anything is allocated and refuses invalid UTF-8. Nesting is
/// capped at ``DecodingLimits/maximumCBORDepth`` and duplicate map keys are always refused.
/// In ``Mode/deterministic`` the reader also refuses anything RFC 8949 §4.2.1 forbids:
/// longer-than-needed heads, indefinite lengths and unsorted map keys, so that one document
/// has exactly one encoding. In ``Mode/lenient`` indefinite-length strings, arrays and maps
/// are read too (other systems write them).
public struct CBORReader {
    /// How strictly the encoding is checked.
    public enum Mode: Sendable {
        /// Only the deterministic encoding is accepted (MedSeal's own tokens).
        case deterministic
        /// Any well-formed encoding is accepted (other systems' credentials).
        case lenient
    }

    private(set) var cursor: CBORCursor
    private var mode: Mode { cursor.mode }

    /// Decodes `bytes` as exactly one item; trailing bytes are an error.
    public static func decode(_ bytes: [UInt8], mode: Mode = .deterministic, layer: String = "CBOR") throws(FormatError) -> CBOR {
        var reader = CBORReader(cursor: CBORCursor(bytes, mode: mode, layer: layer))
        let item = try reader.readItem(depth: 0)
        guard reader.cursor.isAtEnd else {
            throw reader.cursor.fail("\(bytes.count - reader.cursor.position) unexpected bytes after the item")
        }
        return item
    }

    /// A reader that continues where `cursor` is.
    init(cursor: CBORCursor) {
        self.cursor = cursor
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> FormatError {
        cursor.fail(reason, at: offset)
    }

    mutating func readItem(depth: Int) throws(FormatError) -> CBOR {
        guard depth <= DecodingLimits.maximumCBORDepth else {
            throw fail("nesting deeper than \(DecodingLimits.maximumCBORDepth) levels")
        }
        let head = try cursor.readHead()
        switch head.major {
        case 0:
            guard let n = head.argument else { throw fail("indefinite integer", at: head.start) }
            return .unsigned(n)
        case 1:
            guard let n = head.argument else { throw fail("indefinite integer", at: head.start) }
            return .negative(n)
        case 2...5 where head.argument == nil && mode == .lenient:
            return try readIndefinite(head, depth: depth)
        case 2:
            return .bytes(Array(cursor.bytes[try cursor.stringBytes(head, what: "byte string")]))
        case 3:
            return .text(try cursor.text(after: head))
        case 4:
            let count = try cursor.length(of: head, what: "array")
            var items = [CBOR]()
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        case 5:
            return try readMap(head, depth: depth)
        case 6:
            guard let tag = head.argument else { throw fail("indefinite tag", at: head.start) }
            return .tagged(tag, try readItem(depth: depth + 1))
        default:
            return try readSimple(head)
        }
    }

    /// Whether the next byte is the "break" that ends an indefinite-length item (consumed if so).
    private mutating func atBreak() throws(FormatError) -> Bool {
        guard cursor.position < cursor.bytes.count else { throw fail("data ends inside an indefinite-length item") }
        if cursor.bytes[cursor.position] == 0xFF { _ = try cursor.readByte(); return true }
        return false
    }

    /// An indefinite-length string (definite chunks of the same type), array or map.
    private mutating func readIndefinite(_ head: CBORCursor.Head, depth: Int) throws(FormatError) -> CBOR {
        switch head.major {
        case 2, 3:
            var joined = [UInt8]()
            while try !atBreak() {
                let chunk = try cursor.readHead()
                guard chunk.major == head.major, chunk.argument != nil else { throw fail("an indefinite-length string holds a chunk of another type", at: chunk.start) }
                joined += cursor.bytes[try cursor.stringBytes(chunk, what: "string chunk")]
            }
            if head.major == 2 { return .bytes(joined) }
            guard let text = UTF8Text.string(validating: joined) else { throw fail("text string is not valid UTF-8", at: head.start) }
            return .text(text)
        case 4:
            var items = [CBOR]()
            while try !atBreak() { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        default:
            var entries = [CBORMapEntry]()
            var seen = Set<CBOR>()
            while try !atBreak() {
                let keyStart = cursor.position
                let key = try readItem(depth: depth + 1)
                guard Self.isNew(key, among: entries, seen: &seen) else { throw fail("duplicate map key", at: keyStart) }
                entries.append(CBORMapEntry(key, try readItem(depth: depth + 1)))
            }
            return .map(entries)
        }
    }

    private mutating func readMap(_ head: CBORCursor.Head, depth: Int) throws(FormatError) -> CBOR {
        let count = try cursor.length(of: head, what: "map")
        var entries = [CBORMapEntry]()
        entries.reserveCapacity(count)
        var seen = Set<CBOR>()
        var previousKey = CBORCursor.MapKeyOrder.first
        for _ in 0..<count {
            let keyStart = cursor.position
            let key = try readItem(depth: depth + 1)
            let keyOrder = CBORCursor.MapKeyOrder.encoded(keyStart..<cursor.position)
            try cursor.checkOrder(of: keyOrder, after: previousKey, at: keyStart)
            if mode == .lenient {
                guard Self.isNew(key, among: entries, seen: &seen) else { throw fail("duplicate map key", at: keyStart) }
            }
            previousKey = keyOrder
            entries.append(CBORMapEntry(key, try readItem(depth: depth + 1)))
        }
        return .map(entries)
    }

    /// Whether `key` is not among the keys of `entries` (compared as values, so that two
    /// encodings of one key are a duplicate too). Small maps, as credentials hold, are
    /// scanned; a large one is checked through `seen`, filled only once it is needed.
    private static func isNew(_ key: CBOR, among entries: [CBORMapEntry], seen: inout Set<CBOR>) -> Bool {
        if entries.count < 24 { return CBOR.index(ofKey: key, in: entries) == nil }
        if seen.isEmpty { seen = Set(entries.map(\.key)) }
        return seen.insert(key).inserted
    }

    private mutating func readSimple(_ head: CBORCursor.Head) throws(FormatError) -> CBOR {
        let start = head.start
        switch head.info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 25:
            return .float(Double(Float16(bitPattern: UInt16(head.argument!))))
        case 26:
            let value = Double(Float(bitPattern: UInt32(head.argument!)))
            if mode == .deterministic && Double(Float16(value)) == value { throw fail("float not in its shortest form", at: start) }
            return .float(value)
        case 27:
            let value = Double(bitPattern: head.argument!)
            if mode == .deterministic && Double(Float(value)) == value { throw fail("float not in its shortest form", at: start) }
            return .float(value)
        case 31: throw fail("unexpected break", at: start)
        default: throw fail("unsupported simple value \(head.info)", at: start)
        }
    }
}

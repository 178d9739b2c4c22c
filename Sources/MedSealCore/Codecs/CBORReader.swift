/// Reads one CBOR data item from untrusted bytes.
///
/// Every length is checked against the bytes that remain before anything is allocated,
/// nesting is capped at ``DecodingLimits/maximumCBORDepth``, duplicate map keys are always
/// refused, and text must be valid UTF-8. In ``Mode/deterministic`` the reader also refuses
/// anything RFC 8949 §4.2.1 forbids: longer-than-needed heads, indefinite lengths and
/// unsorted map keys, so that one document has exactly one encoding. In ``Mode/lenient``
/// indefinite-length strings, arrays and maps are read too (other systems write them).
public struct CBORReader {
    /// How strictly the encoding is checked.
    public enum Mode: Sendable {
        /// Only the deterministic encoding is accepted (MedSeal's own tokens).
        case deterministic
        /// Any well-formed encoding is accepted (other systems' credentials).
        case lenient
    }

    private let bytes: [UInt8]
    private let mode: Mode
    private let layer: String
    private var position = 0

    /// Decodes `bytes` as exactly one item; trailing bytes are an error.
    public static func decode(_ bytes: [UInt8], mode: Mode = .deterministic, layer: String = "CBOR") throws(FormatError) -> CBOR {
        var reader = CBORReader(bytes: bytes, mode: mode, layer: layer)
        let item = try reader.readItem(depth: 0)
        guard reader.position == bytes.count else {
            throw FormatError(layer, "\(bytes.count - reader.position) unexpected bytes after the item", at: reader.position)
        }
        return item
    }

    private init(bytes: [UInt8], mode: Mode, layer: String) {
        self.bytes = bytes
        self.mode = mode
        self.layer = layer
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> FormatError {
        FormatError(layer, reason, at: offset ?? position)
    }

    private mutating func readByte() throws(FormatError) -> UInt8 {
        guard position < bytes.count else { throw fail("data ends in the middle of an item") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readBigEndian(_ count: Int) throws(FormatError) -> UInt64 {
        guard bytes.count - position >= count else { throw fail("data ends in the middle of an item") }
        var value: UInt64 = 0
        for _ in 0..<count { value = value << 8 | UInt64(bytes[position]); position += 1 }
        return value
    }

    /// Reads the argument of a head; `nil` means indefinite length (additional info 31).
    private mutating func readArgument(_ info: UInt8, start: Int) throws(FormatError) -> UInt64? {
        let value: UInt64
        let minimum: UInt64
        switch info {
        case 0..<24: return UInt64(info)
        case 24: value = try readBigEndian(1); minimum = 24
        case 25: value = try readBigEndian(2); minimum = 0x100
        case 26: value = try readBigEndian(4); minimum = 0x1_0000
        case 27: value = try readBigEndian(8); minimum = 0x1_0000_0000
        case 31: return nil
        default: throw fail("reserved additional information \(info)", at: start)
        }
        if mode == .deterministic && value < minimum {
            throw fail("integer or length not in its shortest form", at: start)
        }
        return value
    }

    private mutating func readLength(_ info: UInt8, start: Int, what: String) throws(FormatError) -> Int {
        guard let length = try readArgument(info, start: start) else {
            throw fail("indefinite-length \(what) is not supported", at: start)
        }
        // Every element takes at least one byte, so a count above what remains is a lie.
        guard length <= UInt64(bytes.count - position) else {
            throw fail("\(what) claims \(length) entries or bytes but only \(bytes.count - position) bytes remain", at: start)
        }
        return Int(length)
    }

    private mutating func readItem(depth: Int) throws(FormatError) -> CBOR {
        guard depth <= DecodingLimits.maximumCBORDepth else {
            throw fail("nesting deeper than \(DecodingLimits.maximumCBORDepth) levels")
        }
        let start = position
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1F
        switch major {
        case 0:
            guard let n = try readArgument(info, start: start) else { throw fail("indefinite integer", at: start) }
            return .unsigned(n)
        case 1:
            guard let n = try readArgument(info, start: start) else { throw fail("indefinite integer", at: start) }
            return .negative(n)
        case 2...5 where info == 31 && mode == .lenient:
            return try readIndefinite(major: major, start: start, depth: depth)
        case 2:
            let length = try readLength(info, start: start, what: "byte string")
            defer { position += length }
            return .bytes(Array(bytes[position..<position + length]))
        case 3:
            let length = try readLength(info, start: start, what: "text string")
            guard let text = String(validating: bytes[position..<position + length], as: UTF8.self) else {
                throw fail("text string is not valid UTF-8", at: start)
            }
            position += length
            return .text(text)
        case 4:
            let count = try readLength(info, start: start, what: "array")
            var items = [CBOR]()
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        case 5:
            return try readMap(info: info, start: start, depth: depth)
        case 6:
            guard let tag = try readArgument(info, start: start) else { throw fail("indefinite tag", at: start) }
            return .tagged(tag, try readItem(depth: depth + 1))
        default:
            return try readSimple(info: info, start: start)
        }
    }

    /// Whether the next byte is the "break" that ends an indefinite-length item (consumed if so).
    private mutating func atBreak() throws(FormatError) -> Bool {
        guard position < bytes.count else { throw fail("data ends inside an indefinite-length item") }
        if bytes[position] == 0xFF { position += 1; return true }
        return false
    }

    /// An indefinite-length string (definite chunks of the same type), array or map.
    private mutating func readIndefinite(major: UInt8, start: Int, depth: Int) throws(FormatError) -> CBOR {
        switch major {
        case 2, 3:
            var joined = [UInt8]()
            while try !atBreak() {
                let chunkStart = position
                let head = try readByte()
                guard head >> 5 == major, head & 0x1F != 31 else { throw fail("an indefinite-length string holds a chunk of another type", at: chunkStart) }
                let length = try readLength(head & 0x1F, start: chunkStart, what: "string chunk")
                joined += bytes[position..<position + length]
                position += length
            }
            if major == 2 { return .bytes(joined) }
            guard let text = String(validating: joined, as: UTF8.self) else { throw fail("text string is not valid UTF-8", at: start) }
            return .text(text)
        case 4:
            var items = [CBOR]()
            while try !atBreak() { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        default:
            var entries = [CBORMapEntry]()
            var seen = Set<CBOR>()
            while try !atBreak() {
                let keyStart = position
                let key = try readItem(depth: depth + 1)
                guard seen.insert(key).inserted else { throw fail("duplicate map key", at: keyStart) }
                entries.append(CBORMapEntry(key, try readItem(depth: depth + 1)))
            }
            return .map(entries)
        }
    }

    private mutating func readMap(info: UInt8, start: Int, depth: Int) throws(FormatError) -> CBOR {
        let count = try readLength(info, start: start, what: "map")
        var entries = [CBORMapEntry]()
        entries.reserveCapacity(count)
        var seen = Set<CBOR>()
        var previousKeyBytes: ArraySlice<UInt8>? = nil
        for _ in 0..<count {
            let keyStart = position
            let key = try readItem(depth: depth + 1)
            let keyBytes = bytes[keyStart..<position]
            if mode == .deterministic, let previous = previousKeyBytes, !previous.lexicographicallyPrecedes(keyBytes) {
                // Strictly increasing keys cannot repeat; equal bytes are a duplicate.
                throw fail(previous.elementsEqual(keyBytes) ? "duplicate map key" : "map keys are not in deterministic order", at: keyStart)
            }
            if mode == .lenient {
                guard seen.insert(key).inserted else { throw fail("duplicate map key", at: keyStart) }
            }
            previousKeyBytes = keyBytes
            entries.append(CBORMapEntry(key, try readItem(depth: depth + 1)))
        }
        return .map(entries)
    }

    private mutating func readSimple(info: UInt8, start: Int) throws(FormatError) -> CBOR {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 25:
            let bits = UInt16(try readBigEndian(2))
            return .float(Double(Float16(bitPattern: bits)))
        case 26:
            let value = Double(Float(bitPattern: UInt32(try readBigEndian(4))))
            if mode == .deterministic && Double(Float16(value)) == value { throw fail("float not in its shortest form", at: start) }
            return .float(value)
        case 27:
            let value = Double(bitPattern: try readBigEndian(8))
            if mode == .deterministic && Double(Float(value)) == value { throw fail("float not in its shortest form", at: start) }
            return .float(value)
        case 31: throw fail("unexpected break", at: start)
        default: throw fail("unsupported simple value \(info)", at: start)
        }
    }
}

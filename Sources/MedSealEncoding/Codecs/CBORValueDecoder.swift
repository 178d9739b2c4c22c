import Foundation

/// Decodes `Decodable` values from ``CBOR`` items whose map keys are text named like the
/// Swift properties (JSON input, read by ``JSONTree``), with errors that name the field path.
/// Tokens are read by ``CompactDecodable`` instead.
///
/// Fields the type does not know are refused (`allergies[0].sevrity: unknown field`), so a
/// misspelt field is never silently dropped from a health record.
public struct CBORValueDecoder {
    /// Decodes `type` from `item`, then refuses any field that was never read.
    public static func decode<T: Decodable>(_ type: T.Type, from item: CBOR) throws(FieldError) -> T {
        let tracker = Tracker()
        let value: T
        do {
            value = try ItemDecoder(item: item, path: nil, tracker: tracker).decode(T.self)
        } catch {
            let first: FieldError
            switch error {
            case let field as FieldError: first = field
            case let decoding as DecodingError: first = FieldError(decoding: decoding)
            default: first = FieldError("\(error)")
            }
            // Decoding stopped at the first problem; the fields read until then that are most
            // likely misspellings are named too (a missing "substance" beside "substnce" is one
            // problem seen from two sides), never the ones decoding did not reach.
            var checks = FieldChecks()
            checks.require(false, first.path, first.message)
            for (path, suggestion) in tracker.unreadKeys() {
                if let suggestion { checks.require(false, path, "unknown field (did you mean '\(suggestion)'?)") }
            }
            try checks.throwIfAny()
            throw first
        }
        var checks = FieldChecks()
        for (path, suggestion) in tracker.unreadKeys() {
            checks.require(false, path, "unknown field" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
        }
        try checks.throwIfAny()
        return value
    }

    /// Remembers every map that was decoded and which of its keys were read.
    final class Tracker {
        struct Visit {
            let path: CodingPath?
            let keys: [CBOR]
            var read: [Bool]
            /// Names the type asked for that the map does not have: what a misspelt key
            /// was probably meant to be.
            var absent: [String] = []
        }
        var visits: [Visit] = []

        /// The path of every key no field read, object by object (outer first, each object's
        /// keys in code-point order), each with the absent field name it most likely misspells.
        func unreadKeys() -> [(path: String, suggestion: String?)] {
            var unread = [(path: String, suggestion: String?)]()
            for visit in visits {
                for (index, key) in visit.keys.enumerated() where !visit.read[index] {
                    let name: String
                    switch key {
                    case .text(let text): name = text
                    default: name = key.intValue.map(String.init) ?? "\(key)"
                    }
                    unread.append((describePath((visit.path?.keys ?? []) + [AnyCodingKey(stringValue: name)]), NearestName.to(name, among: visit.absent)))
                }
            }
            return unread
        }
    }

    /// A coding path kept as a chain of parents, turned into an array only when asked
    /// (for an error message), so decoding a valid document allocates no path arrays.
    final class CodingPath {
        let parent: CodingPath?
        let key: any CodingKey
        init(parent: CodingPath?, key: any CodingKey) {
            self.parent = parent
            self.key = key
        }
        var keys: [any CodingKey] { (parent?.keys ?? []) + [key] }
    }

    struct ItemDecoder: Decoder {
        let item: CBOR
        let path: CodingPath?
        let tracker: Tracker
        var codingPath: [any CodingKey] { path?.keys ?? [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func fail(_ message: String) -> FieldError { FieldError(path: describePath(codingPath), message) }

        func mismatch(expected: String) -> FieldError {
            fail("expected \(expected), found \(item.kindName)")
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            // Text and whole numbers are most fields: answer them without a dynamic cast.
            if T.self == String.self {
                guard case .text(let value) = item else { throw mismatch(expected: "text") }
                return value as! T
            }
            if T.self == Int.self {
                return try SingleContainer(decoder: self).decode(integer: Int.self) as! T
            }
            // Bytes: a byte string, or text in standard base64 (as JSON files carry them).
            if T.self == Data.self {
                switch item {
                case .bytes(let bytes): return Data(bytes) as! T
                case .text(let text):
                    guard let data = Data(base64Encoded: text) else { throw fail("not base64") }
                    return data as! T
                default: throw mismatch(expected: "bytes (base64 text)")
                }
            }
            return try T(from: self)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .map(let entries) = item else { throw mismatch(expected: "an object") }
            let index = tracker.visits.count
            tracker.visits.append(.init(path: path, keys: entries.map(\.key), read: [Bool](repeating: false, count: entries.count)))
            return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, entries: entries, visit: index))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = item else { throw mismatch(expected: "a list") }
            return UnkeyedContainer(decoder: self, items: items)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

        func child(_ item: CBOR, key: any CodingKey) -> ItemDecoder {
            ItemDecoder(item: item, path: CodingPath(parent: path, key: key), tracker: tracker)
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ItemDecoder
        let entries: [CBORMapEntry]
        let visit: Int
        var codingPath: [any CodingKey] { decoder.codingPath }

        var allKeys: [Key] {
            entries.compactMap { entry in
                guard case .text(let text) = entry.key else { return nil }
                return Key(stringValue: text)
            }
        }

        private func lookup(_ key: Key) -> CBOR? {
            let wanted = CBOR.text(key.stringValue)
            guard let index = entries.firstIndex(where: { $0.key == wanted }) else {
                decoder.tracker.visits[visit].absent.append(key.stringValue)
                return nil
            }
            decoder.tracker.visits[visit].read[index] = true
            return entries[index].value
        }

        private func required(_ key: Key) throws -> ItemDecoder {
            guard let value = lookup(key) else {
                throw FieldError(path: describePath(codingPath + [key]), "missing (required)")
            }
            return decoder.child(value, key: key)
        }

        func contains(_ key: Key) -> Bool { lookup(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool {
            guard let value = lookup(key) else { return true }
            return value == .null
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try required(key).decode(type) }

        // One lookup for an optional field, instead of the default contains + decodeNil + decode.
        private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
            guard let value = lookup(key), value != .null else { return nil }
            return try decoder.child(value, key: key).decode(type)
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try required(key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try required(key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { try required(key) }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let decoder: ItemDecoder
        let items: [CBOR]
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        private mutating func next() throws -> ItemDecoder {
            guard !isAtEnd else { throw FieldError(path: describePath(codingPath), "list ends early") }
            defer { currentIndex += 1 }
            return decoder.child(items[currentIndex], key: ArrayIndexKey(currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    struct SingleContainer: SingleValueDecodingContainer {
        let decoder: ItemDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        func decodeNil() -> Bool { decoder.item == .null }
        func decode(_ type: Bool.Type) throws -> Bool {
            guard case .bool(let value) = decoder.item else { throw decoder.mismatch(expected: "true or false") }
            return value
        }
        func decode(_ type: String.Type) throws -> String {
            guard case .text(let value) = decoder.item else { throw decoder.mismatch(expected: "text") }
            return value
        }
        func decode(_ type: Double.Type) throws -> Double {
            if case .float(let value) = decoder.item { return value }
            if let int = decoder.item.intValue { return Double(int) }
            throw decoder.mismatch(expected: "a number")
        }
        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
        func decode<T: BinaryInteger & Decodable>(integer type: T.Type) throws -> T {
            var int = decoder.item.intValue
            if int == nil, case .float(let value) = decoder.item, value.rounded() == value, abs(value) < 1e15 { int = Int64(value) }
            guard let int else { throw decoder.mismatch(expected: "a whole number") }
            guard let value = T(exactly: int) else { throw decoder.fail("number \(int) is out of range") }
            return value
        }
        func decode(_ type: Int.Type) throws -> Int { try decode(integer: type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decode(integer: type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decode(integer: type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decode(integer: type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decode(integer: type) }
        func decode(_ type: UInt.Type) throws -> UInt { try decode(integer: type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(integer: type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(integer: type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(integer: type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(integer: type) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    }
}

extension FieldError {
    /// A field error for a `DecodingError` thrown by a type's own `init(from:)`.
    init(decoding error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(path: describePath(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(path: describePath(context.codingPath + [key]), "missing (required)")
        @unknown default:
            self.init("\(error)")
        }
    }
}

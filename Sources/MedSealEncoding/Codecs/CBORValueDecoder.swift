import Foundation

/// Decodes `Decodable` values from ``CBOR`` items whose map keys are text named like the
/// Swift properties (JSON input, read by ``JSONTree``), with errors that name the field path.
/// Tokens are read by ``CompactDecodable`` instead.
///
/// Fields the type does not know are refused (`allergies[0].sevrity: unknown field`), so a
/// misspelt field is never silently dropped from a health record.
public struct CBORValueDecoder {
    /// Decodes `type` from `item`, then refuses any field that was never read.
    ///
    /// Every problem is reported, not only the first: decoding stops at a problem, so the
    /// input is repaired where it can be and decoded again (``InputRepair``), up to
    /// ``maximumRounds`` times. A misspelt required field is read under the name it most
    /// likely means, a field with a bad value is left out, and a list entry whose required
    /// field cannot be read is set aside; what those repairs cause (the same field missing, a
    /// list that became empty) is not reported again. `check`, when given, adds the problems
    /// of the decoded value's own field checks, run on what could be read.
    public static func decode<T: Decodable>(_ type: T.Type, from item: CBOR, check: ((T, inout FieldChecks) -> Void)? = nil) throws(FieldError) -> T {
        var repair = InputRepair(item)
        var problems = [FieldError]()
        var misspellings = [(path: String, suggestion: String?)]()
        for _ in 0..<maximumRounds {
            let tracker = Tracker()
            let value: T
            do {
                value = try ItemDecoder(item: repair.tree, path: nil, tracker: tracker).decode(T.self)
            } catch {
                let problem = fieldError(error)
                let unread = tracker.unreadKeys()
                misspellings = merged(misspellings, unread.filter { $0.suggestion != nil })
                if !repair.caused(problem.path) && !problems.contains(problem) { problems.append(problem) }
                guard repair.mend(problem, misspelt: unread) else { break }
                continue
            }
            if let check {
                var own = FieldChecks()
                check(value, &own)
                problems += own.problems.filter { !repair.caused($0.path) }
            }
            try report(problems, unknown: merged(misspellings, tracker.unreadKeys()))
            // A document read only after mending is for finding problems, never for use
            // (the first problem is always reported, so this does not happen; it must not).
            guard !repair.isMended else { throw FieldError("cannot be read") }
            return value
        }
        try report(problems, unknown: misspellings)
        throw FieldError("cannot be read")
    }

    /// Throws `problems` and the `unknown` fields in one error, if there are any; a misspelt
    /// field comes right after the missing one it was meant to be.
    static func report(_ problems: [FieldError], unknown: [(path: String, suggestion: String?)]) throws(FieldError) {
        var ordered = problems
        for (path, suggestion) in unknown {
            let problem = FieldError(path: path, "unknown field" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            let meant = suggestion.map { InputRepair.describe(InputRepair.steps(path).dropLast() + [.member($0)]) }
            if let index = ordered.firstIndex(where: { $0.path == meant && $0.message == "missing (required)" }) {
                ordered.insert(problem, at: index + 1)
            } else {
                ordered.append(problem)
            }
        }
        var checks = FieldChecks()
        for problem in ordered { checks.require(false, problem.path, problem.message) }
        try checks.throwIfAny()
    }

    /// How many times a document is decoded again after repairs, at most.
    static let maximumRounds = 64

    /// The field error a decoding error stands for.
    static func fieldError(_ error: any Error) -> FieldError {
        switch error {
        case let field as FieldError: return field
        case let decoding as DecodingError: return FieldError(decoding: decoding)
        default: return FieldError("\(error)")
        }
    }

    /// `first` then those of `more` whose path it does not have.
    static func merged(_ first: [(path: String, suggestion: String?)], _ more: [(path: String, suggestion: String?)]) -> [(path: String, suggestion: String?)] {
        var result = first
        for entry in more where !result.contains(where: { $0.path == entry.path }) { result.append(entry) }
        return result
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
        // An entry set aside by ``InputRepair`` (`undefined`, which JSON cannot hold) is
        // skipped; the others keep their indices, so problems name the input's own entries.
        var count: Int? { items.reduce(0) { $1 == .undefined ? $0 : $0 + 1 } }
        var isAtEnd: Bool { items[min(currentIndex, items.count)...].allSatisfy { $0 == .undefined } }

        private mutating func skipSetAside() {
            while currentIndex < items.count && items[currentIndex] == .undefined { currentIndex += 1 }
        }

        private mutating func next() throws -> ItemDecoder {
            skipSetAside()
            guard !isAtEnd else { throw FieldError(path: describePath(codingPath), "list ends early") }
            defer { currentIndex += 1 }
            return decoder.child(items[currentIndex], key: ArrayIndexKey(currentIndex))
        }

        mutating func decodeNil() throws -> Bool {
            skipSetAside()
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

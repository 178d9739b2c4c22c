import Foundation

/// Encodes `Encodable` values to ``CBOR`` items in compact form: map keys are the coding
/// keys' integer values where they have one, and ``CBORRepresentable`` types use their own form.
public enum CBORValueEncoder {
    /// How map keys and values are written.
    public enum Keys: Sendable {
        /// The compact form of tokens: integer keys where a coding key has one, and each
        /// ``CBORRepresentable`` type's own form.
        case compact
        /// Text keys named like the fields and every value in its `Encodable` form, bytes
        /// as bytes: the tree ``JSONWriter`` writes as a JSON document.
        case names
    }

    /// The CBOR item for `value`.
    public static func encode<T: Encodable>(_ value: T, keys: Keys = .compact) throws -> CBOR {
        let slot = Slot(keys: keys)
        try slot.store(value, codingPath: [])
        return slot.resolve()
    }

    /// A place a value is written to; containers are resolved once encoding ends.
    final class Slot {
        let keys: Keys
        var value: CBOR?
        var mapEntries: [(key: CBOR, slot: Slot)]?
        var arrayItems: [Slot]?

        init(keys: Keys) { self.keys = keys }

        func resolve() -> CBOR {
            if let mapEntries { return .map(mapEntries.map { CBORMapEntry($0.key, $0.slot.resolve()) }) }
            if let arrayItems { return .array(arrayItems.map { $0.resolve() }) }
            return value ?? .null
        }

        func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
            if keys == .compact, let compact = value as? CBORRepresentable {
                self.value = compact.cbor
            } else if let data = value as? Data {
                self.value = .bytes(Array(data))
            } else {
                try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
            }
        }
    }

    struct SlotEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if slot.mapEntries == nil { slot.mapEntries = [] }
            return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if slot.arrayItems == nil { slot.arrayItems = [] }
            return UnkeyedContainer(slot: slot, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(slot: slot, codingPath: codingPath)
        }
    }

    static func key(_ key: some CodingKey, _ keys: Keys) -> CBOR {
        if keys == .compact, let int = key.intValue { return .int(Int64(int)) }
        return .text(key.stringValue)
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        var codingPath: [any CodingKey]

        private func child(for key: Key) -> Slot {
            let child = Slot(keys: slot.keys)
            slot.mapEntries!.append((CBORValueEncoder.key(key, slot.keys), child))
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { child(for: key).value = .null }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try child(for: key).store(value, codingPath: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            SlotEncoder(slot: child(for: key), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            SlotEncoder(slot: child(for: key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder {
            SlotEncoder(slot: child(for: Key(stringValue: "super")!), codingPath: codingPath)
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            SlotEncoder(slot: child(for: key), codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]
        var count: Int { slot.arrayItems!.count }

        private func next() -> Slot {
            let child = Slot(keys: slot.keys)
            slot.arrayItems!.append(child)
            return child
        }

        mutating func encodeNil() throws { next().value = .null }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let path = codingPath + [ArrayIndexKey(count)]
            try next().store(value, codingPath: path)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            SlotEncoder(slot: next(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            SlotEncoder(slot: next(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { SlotEncoder(slot: next(), codingPath: codingPath) }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { slot.value = .null }
        mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }
        mutating func encode(_ value: String) throws { slot.value = .text(value) }
        mutating func encode(_ value: Double) throws { slot.value = .float(value) }
        mutating func encode(_ value: Float) throws { slot.value = .float(Double(value)) }
        mutating func encode(_ value: Int) throws { slot.value = .int(Int64(value)) }
        mutating func encode(_ value: Int8) throws { slot.value = .int(Int64(value)) }
        mutating func encode(_ value: Int16) throws { slot.value = .int(Int64(value)) }
        mutating func encode(_ value: Int32) throws { slot.value = .int(Int64(value)) }
        mutating func encode(_ value: Int64) throws { slot.value = .int(value) }
        mutating func encode(_ value: UInt) throws { slot.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { slot.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt16) throws { slot.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt32) throws { slot.value = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt64) throws { slot.value = .unsigned(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try slot.store(value, codingPath: codingPath) }
    }
}

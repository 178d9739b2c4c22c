/// A type read straight from its compact CBOR form in a token (integer keys, compact
/// dates and codes), with no tree or `Codable` machinery in between: verification reads
/// every document it accepts, so this is on its hot path.
public protocol CompactDecodable {
    /// Reads the value that starts at `cursor`. Errors name the field they are in.
    init(compact cursor: inout CBORCursor) throws(FormatError)
}

extension String: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) { self = try cursor.readText() }
}

extension Int: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        let start = cursor.position
        guard let value = Int(exactly: try cursor.readInt()) else { throw cursor.fail("number out of range", at: start) }
        self = value
    }
}

extension Bool: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) { self = try cursor.readBool() }
}

extension CBORCursor {
    /// The value that starts here.
    @inlinable @inline(__always)
    public mutating func read<T: CompactDecodable>(_ type: T.Type) throws(FormatError) -> T {
        try T(compact: &self)
    }

    /// The list that starts here; an error names the element's index.
    @inlinable @inline(__always)
    public mutating func readList<T: CompactDecodable>(of type: T.Type) throws(FormatError) -> [T] {
        let count = try readArrayCount()
        var items = [T]()
        items.reserveCapacity(count)
        for index in 0..<count {
            do { items.append(try T(compact: &self)) } catch { throw error.inside("[\(index)]") }
        }
        return items
    }

    /// Reads the map that starts here, whose keys are the integer values of `Key`: `body`
    /// reads each field's value. A key `Key` does not know is refused, so that a misspelt
    /// or newer field is never silently dropped from a health record. Errors name the field.
    @inlinable @inline(__always)
    public mutating func readFields<Key: CodingKey>(_ keys: Key.Type, _ body: (Key, inout CBORCursor) throws(FormatError) -> Void) throws(FormatError) {
        try readMap { (number, cursor) throws(FormatError) in
            guard let number, let key = Key(intValue: Int(number)) else {
                throw cursor.fail("unknown field").inside(number.map(String.init) ?? "(a key that is not a number)")
            }
            do throws(FormatError) { try body(key, &cursor) } catch { throw error.inside(key.stringValue) }
        }
    }

    /// The value of a required field, or an error naming the missing field.
    @inlinable
    public func required<T>(_ value: T?, _ key: some CodingKey) throws(FormatError) -> T {
        guard let value else { throw FormatError(layer, "missing (required)", field: key.stringValue) }
        return value
    }
}

import Foundation

/// A value in a checked JSON text (``JSONTape``), read where it lies: looking up a member or
/// an item makes nothing, and text is made only when asked for.
public struct JSONElement: Sendable {
    let tape: JSONTape
    let index: Int

    /// What the value is.
    public var kind: JSONTape.Kind { tape.nodes[index].kind }

    /// The value of member `name` (a name written in the code), when this is an object that
    /// has it. The name's bytes are where the compiler put them: nothing is made to look.
    public subscript(name: StaticString) -> JSONElement? {
        guard tape.nodes[index].kind == .object else { return nil }
        // (A one-character literal may be stored as a scalar, with no bytes to point at.)
        guard name.hasPointerRepresentation else { return member(named: name.description) }
        return tape.member(of: index, named: JSONTape.Name(name)).map { JSONElement(tape: tape, index: $0) }
    }

    /// The value of member `name`, when this is an object that has it.
    public func member(named name: String) -> JSONElement? {
        guard tape.nodes[index].kind == .object else { return nil }
        var utf8 = name
        return utf8.withUTF8 { bytes in
            tape.member(of: index, named: JSONTape.Name(name, utf8: bytes)).map { JSONElement(tape: tape, index: $0) }
        }
    }

    /// How many members an object has, or items an array.
    public var count: Int { Int(tape.nodes[index].count) }

    /// Calls `body` with each member of an object, in the order written (never for any other value).
    public func forEachMember(_ body: (String, JSONElement) -> Void) {
        let node = tape.nodes[index]
        guard node.kind == .object else { return }
        var member = index + 1
        for _ in 0..<node.count {
            body(tape.string(at: member), JSONElement(tape: tape, index: member + 1))
            member = Int(tape.nodes[member + 1].after)
        }
    }

    /// Calls `body` with each item of an array (never for any other value).
    public func forEachItem(_ body: (JSONElement) -> Void) {
        forEachItem { _, item in body(item) }
    }

    /// Calls `body` with each item of an array and its position, stopping at the first error.
    public func forEachItem<Failure: Error>(_ body: (Int, JSONElement) throws(Failure) -> Void) throws(Failure) {
        let node = tape.nodes[index]
        guard node.kind == .array else { return }
        var item = index + 1
        for position in 0..<Int(node.count) {
            try body(position, JSONElement(tape: tape, index: item))
            item = Int(tape.nodes[item].after)
        }
    }

    /// The items of an array (none for any other value).
    public var items: [JSONElement] {
        var items = [JSONElement]()
        items.reserveCapacity(count)
        forEachItem { items.append($0) }
        return items
    }

    /// The first item of an array.
    public var first: JSONElement? { kind == .array && tape.nodes[index].count > 0 ? JSONElement(tape: tape, index: index + 1) : nil }

    /// Whether this is a string holding exactly `text`, compared where it lies.
    public func isText(_ text: StaticString) -> Bool {
        guard kind == .string else { return false }
        guard text.hasPointerRepresentation else { return tape.string(at: index, equals: text.description) }
        return tape.string(at: index, equals: JSONTape.Name(text))
    }

    /// The text of a string.
    public var text: String? { kind == .string ? tape.string(at: index) : nil }

    /// Whether this is a string with at least one character (no text is made).
    public var isNonEmptyText: Bool {
        let node = tape.nodes[index]
        return node.kind == .string && node.end > node.start
    }

    /// Calls `body` with the UTF-8 bytes of a string where they lie, when it has no escapes
    /// (`nil` for any other value, or a string with escapes: ask for ``text`` then).
    public func withPlainTextBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        let node = tape.nodes[index]
        guard node.kind == .string, !node.escaped else { return nil }
        return tape.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(node.start)..<Int(node.end)])) }
    }

    /// Whether this is an array with an item for which `test` holds (no list is made).
    public func containsItem(where test: (JSONElement) -> Bool) -> Bool {
        let node = tape.nodes[index]
        guard node.kind == .array else { return false }
        var item = index + 1
        for _ in 0..<node.count {
            if test(JSONElement(tape: tape, index: item)) { return true }
            item = Int(tape.nodes[item].after)
        }
        return false
    }

    /// The number's digits as written.
    public var numberText: String? {
        guard kind == .number else { return nil }
        let node = tape.nodes[index]
        return String(decoding: tape.bytes[Int(node.start)..<Int(node.end)], as: UTF8.self)
    }

    /// A number that is whole and fits 64 bits (written `3`, `3.0` or `3e0`).
    public var integer: Int64? {
        guard let text = numberText else { return nil }
        if let whole = Int64(text) { return whole }
        guard let double = Double(text), double == double.rounded(), abs(double) < 9.2e18 else { return nil }
        return Int64(double)
    }

    /// A number as a double (infinite when beyond a double's range, as JSON allows).
    public var double: Double? { numberText.flatMap(Double.init) }

    /// `true` or `false`.
    public var bool: Bool? {
        switch kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }
}

extension JSONElement {
    /// The value as Foundation's JSON reader gives it (`NSNull`, `String`, `NSNumber`, `[Any]`,
    /// `[String: Any]`), for code written against that shape; it was checked by the one
    /// reader, so a name given twice is refused rather than silently taking one of its values.
    public var foundationValue: Any {
        switch kind {
        case .object:
            var object = [String: Any](minimumCapacity: count)
            forEachMember { name, value in object[name] = value.foundationValue }
            return object
        case .array: return items.map(\.foundationValue)
        case .string: return text!
        case .true: return NSNumber(value: true)
        case .false: return NSNumber(value: false)
        case .null: return NSNull()
        case .number:
            // As Foundation: an integer only when written as one.
            let digits = numberText!
            if !digits.contains(where: { ".eE".contains($0) }), let whole = Int64(digits) { return NSNumber(value: whole) }
            return NSNumber(value: Double(digits) ?? .nan)
        }
    }
}

extension JSONTape {
    /// The JSON object in `bytes` as Foundation's reader gives it, or `nil` when the text is
    /// not valid JSON (by the one reader's rules) or not an object.
    public static func object(_ bytes: some Collection<UInt8>) -> [String: Any]? {
        guard let tape = try? JSONTape(Array(bytes)), tape.root.kind == .object else { return nil }
        return tape.root.foundationValue as? [String: Any]
    }
}

import Foundation

/// Collects every problem found in a document, each with its field path, so a user sees
/// all of them at once instead of fixing one per run.
public struct FieldChecks {
    /// The problems found, in document order.
    public private(set) var problems: [FieldError] = []

    /// Longest text accepted in any one field.
    public static let maximumTextLength = 500

    /// Whether every text to be checked is already known to pass ``text(_:_:)``, which then
    /// looks at none of them (see ``CBORCursor/TextsRead``).
    @usableFromInline let textsKnownSound: Bool

    public init() { textsKnownSound = false }

    /// Checks for a part whose texts were all read by a cursor that found them `texts`:
    /// when they are all plain and none is over-long, their checks cannot fail and are skipped.
    package init(textsRead texts: CBORCursor.TextsRead) {
        textsKnownSound = texts.allPlain && texts.longest <= FieldChecks.maximumTextLength
    }

    /// Records `message` at `path` unless `condition` holds. The path is only built on failure.
    public mutating func require(_ condition: Bool, _ path: @autoclosure () -> String, _ message: @autoclosure () -> String) {
        if !condition { problems.append(FieldError(path: path(), message())) }
    }

    /// Checks, in one pass over the text, that a field is not blank, not over-long, and free
    /// of control characters other than line feeds.
    public mutating func text(_ value: String?, _ path: @autoclosure () -> String) {
        guard !textsKnownSound, let value else { return }
        let scan = FieldChecks.scan(value)
        require(scan.visible, path(), "must not be empty")
        require(scan.scalars <= FieldChecks.maximumTextLength || value.count <= FieldChecks.maximumTextLength, path(), "longer than \(FieldChecks.maximumTextLength) characters")
        require(!scan.control, path(), "contains control characters")
    }

    /// How many scalars `text` has, whether any is visible, and whether any is a control
    /// character other than a line feed.
    private static func scan(_ text: String) -> (scalars: Int, visible: Bool, control: Bool) {
        // ASCII, as most text is: a byte is a scalar, and no decoding is needed.
        let ascii: (scalars: Int, visible: Bool, control: Bool)?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            let scan = ASCIIScan(bytes)
            return scan.isASCII ? (bytes.count, scan.hasVisible, scan.hasControl) : nil
        }
        if let ascii = ascii ?? nil { return ascii }
        var visible = false
        var control = false
        var scalars = 0
        for scalar in text.unicodeScalars {
            scalars += 1
            switch scalar.value {
            case 0x0A: break
            case 0x00..<0x20, 0x7F..<0xA0: control = true
            case 0x20, 0xA0, 0x2000...0x200B, 0x3000: break
            default: visible = true
            }
        }
        return (scalars, visible, control)
    }

    /// Joins a path and a child name: `allergies[0]` + `substance`.
    public static func path(_ parent: String, _ child: String) -> String { parent.isEmpty ? child : parent + "." + child }

    /// How many problems (after grouping) a message lists before it says how many more.
    static let problemsListed = 10

    /// Throws every problem in one error, when there are any: the first, then the others.
    /// The same problem in several entries of a list is said once, with their indices
    /// (`doses[0-19, 25].seriesDoses`), and past ``problemsListed`` the rest are counted.
    public func throwIfAny() throws(FieldError) {
        let grouped = FieldChecks.grouped(problems)
        guard let first = grouped.first else { return }
        if grouped.count == 1 { throw first }
        var rest = grouped.dropFirst().prefix(FieldChecks.problemsListed - 1).map(\.description)
        if grouped.count > FieldChecks.problemsListed { rest.append("and \(EnglishCount.of(grouped.count - FieldChecks.problemsListed, "more problem"))") }
        throw FieldError(path: first.path, "\(first.message); also: \(rest.joined(separator: "; "))")
    }

    /// `problems` with those that differ only in the last list index of their path, and not in
    /// their message, made one, in the order of their first appearance.
    static func grouped(_ problems: [FieldError]) -> [FieldError] {
        var order = [String](), indices = [String: [Int]](), shapes = [String: (before: Substring, after: Substring, message: String)]()
        var result = [String: FieldError]()
        for problem in problems {
            guard let open = problem.path.lastIndex(of: "["), let close = problem.path[open...].firstIndex(of: "]"),
                  let index = Int(problem.path[problem.path.index(after: open)..<close]) else {
                let key = problem.path + "\u{0}" + problem.message
                if result[key] == nil { order.append(key); result[key] = problem }
                continue
            }
            let key = problem.path[...open] + "]" + problem.path[problem.path.index(after: close)...] + "\u{0}" + problem.message
            if indices[key] == nil { order.append(key); shapes[key] = (problem.path[...open], problem.path[close...], problem.message) }
            indices[key, default: []].append(index)
        }
        return order.map { key in
            if let single = result[key] { return single }
            let shape = shapes[key]!
            return FieldError(path: String(shape.before) + FieldChecks.ranges(indices[key]!) + shape.after, shape.message)
        }
    }

    /// `[0, 1, 2, 5]` as `0-2, 5`.
    static func ranges(_ numbers: [Int]) -> String {
        var parts = [String](), start = numbers[0], end = numbers[0]
        for number in numbers.dropFirst() + [Int.min] {
            if number == end + 1 { end = number; continue }
            parts.append(start == end ? String(start) : "\(start)-\(end)")
            start = number; end = number
        }
        return parts.joined(separator: ", ")
    }
}

/// A part of a document that can check its own fields.
public protocol FieldCheckable {
    /// Adds this value's problems to `checks`, naming fields below `path`.
    func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String)

    /// Whether every check of this type is a text check (``FieldChecks/text(_:_:)``), so
    /// that a list of them needs no look when the texts are known to pass.
    static var checksOnlyTexts: Bool { get }
}

extension FieldCheckable {
    public static var checksOnlyTexts: Bool { false }
}

extension Array where Element: FieldCheckable {
    /// Checks every element, naming each by its index below `path`.
    @inlinable
    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        if Element.checksOnlyTexts && checks.textsKnownSound {
            // Held by the tests, which run debug builds: checked in full, nothing is found.
            assert({ var full = FieldChecks(); check(&full, at: path()); return full.problems.isEmpty }(), "a text-only check found a problem")
            return
        }
        // In place: iterating the array would copy each element, retaining every string in it.
        withUnsafeBufferPointer { elements in
            for index in elements.indices { elements[index].check(&checks, at: "\(path())[\(index)]") }
        }
    }
}


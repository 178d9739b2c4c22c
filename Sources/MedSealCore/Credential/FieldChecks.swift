/// Collects every problem found in a document, each with its field path, so a user sees
/// all of them at once instead of fixing one per run.
public struct FieldChecks {
    /// The problems found, in document order.
    public private(set) var problems: [FieldError] = []

    /// Longest text accepted in any one field.
    public static let maximumTextLength = 500

    public init() {}

    /// Records `message` at `path` unless `condition` holds.
    public mutating func require(_ condition: Bool, _ path: String, _ message: String) {
        if !condition { problems.append(FieldError(path: path, message)) }
    }

    /// Checks that a text field is not blank, not over-long, and free of control characters.
    public mutating func text(_ value: String?, _ path: String) {
        guard let value else { return }
        require(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, path, "must not be empty")
        require(value.count <= FieldChecks.maximumTextLength, path, "longer than \(FieldChecks.maximumTextLength) characters")
        require(!value.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }, path, "contains control characters")
    }

    /// Joins a path and a child name: `allergies[0]` + `substance`.
    public static func path(_ parent: String, _ child: String) -> String { parent.isEmpty ? child : "\(parent).\(child)" }

    /// Throws the first problem, with a count of the others, when there are any.
    public func throwIfAny() throws(FieldError) {
        guard let first = problems.first else { return }
        if problems.count == 1 { throw first }
        let rest = problems.dropFirst().map(\.description).joined(separator: "; ")
        throw FieldError(path: first.path, "\(first.message); also: \(rest)")
    }
}

/// A part of a document that can check its own fields.
public protocol FieldCheckable {
    /// Adds this value's problems to `checks`, naming fields below `path`.
    func check(_ checks: inout FieldChecks, at path: String)
}

extension Array where Element: FieldCheckable {
    func check(_ checks: inout FieldChecks, at path: String) {
        for (index, element) in enumerated() { element.check(&checks, at: "\(path)[\(index)]") }
    }
}

extension Coding: FieldCheckable {
    public func check(_ checks: inout FieldChecks, at path: String) {
        checks.text(code, FieldChecks.path(path, "code"))
    }
}

import Foundation

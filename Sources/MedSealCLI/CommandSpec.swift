import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// One option a command accepts: `--name VALUE` or, without a value name, a flag.
public struct OptionSpec: Sendable {
    public let name: String
    /// The placeholder for the value (`FILE`, `DIR` …); `nil` for a flag.
    public let valueName: String?
    public let help: String
    /// Whether the command cannot run without it (shown without brackets in the usage line).
    public let required: Bool

    public init(_ name: String, _ valueName: String? = nil, _ help: String, required: Bool = false) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.required = required
    }

    /// How the usage line writes it: `--name VALUE`, in brackets when optional.
    var usage: String {
        let text = "--\(name)" + (valueName.map { " \($0)" } ?? "")
        return required ? text : "[\(text)]"
    }
}

/// What a command is called, what it takes, and its help text.
public struct CommandSpec: Sendable {
    /// The words after the program name that select it (`["key", "new"]`); empty for the
    /// program's default command.
    public let words: [String]
    public let summary: String
    /// What the usage line shows after the options: the positional arguments, and options
    /// that are alternatives to them (`TOKEN… | --file FILE`), which are then not repeated.
    public let arguments: String
    public let options: [OptionSpec]
    /// Extra help text: arguments, examples, exit statuses.
    public let details: String

    public init(_ words: [String], summary: String, arguments: String = "", options: [OptionSpec] = [], details: String = "") {
        self.words = words
        self.summary = summary
        self.arguments = arguments
        self.options = options
        self.details = details
    }

    /// The usage line after the program and command words, made from the declared options
    /// (required ones first) and ``arguments``: it cannot name an option the command does
    /// not take, or leave one out.
    public var usage: String {
        let named = Set(arguments.split(whereSeparator: { " |[]()".contains($0) }).filter { $0.hasPrefix("--") }.map { String($0.dropFirst(2)) })
        let listed = options.filter { !named.contains($0.name) }
        let parts = listed.filter(\.required).map(\.usage) + listed.filter { !$0.required }.map(\.usage) + (arguments.isEmpty ? [] : [arguments])
        return parts.joined(separator: " ")
    }

    /// `Usage: PROGRAM WORDS USAGE`, wrapped before 100 columns with the continuation
    /// lines under the first option.
    public func usageLine(program: String) -> String {
        let head = "Usage: " + ([program] + words).joined(separator: " ")
        let indent = String(repeating: " ", count: min(head.count + 1, 40))
        var lines = [head]
        // Keep a bracketed option or an alternative together: split only between parts.
        var pieces = [String]()
        var open = 0
        for word in usage.split(separator: " ") {
            if open > 0 { pieces[pieces.count - 1] += " " + word } else { pieces.append(String(word)) }
            open += word.filter { $0 == "[" || $0 == "(" }.count - word.filter { $0 == "]" || $0 == ")" }.count
            open = max(open, 0)
        }
        for piece in pieces {
            if lines[lines.count - 1].count + 1 + piece.count > 100 && lines[lines.count - 1] != indent {
                lines.append(indent + piece)
            } else {
                lines[lines.count - 1] += (lines[lines.count - 1].hasSuffix(" ") ? "" : " ") + piece
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The full help text for `program`.
    public func help(program: String) -> String {
        var text = "\(summary)\n\n\(usageLine(program: program))\n"
        if !options.isEmpty {
            text += "\nOptions:\n"
            let labels = options.map { option in "  --\(option.name)" + (option.valueName.map { " \($0)" } ?? "") }
            let width = min(30, (labels.map(\.count).max() ?? 0) + 2)
            for (label, option) in zip(labels, options) {
                text += label.padding(toLength: max(width, label.count + 2), withPad: " ", startingAt: 0) + option.help + "\n"
            }
            text += "  --help".padding(toLength: width, withPad: " ", startingAt: 0) + "Show this help.\n"
        }
        if !details.isEmpty { text += "\n" + details + "\n" }
        return text
    }
}


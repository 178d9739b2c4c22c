import MedSealCore

/// One option a command accepts: `--name VALUE` or, without a value name, a flag.
public struct OptionSpec: Sendable {
    public let name: String
    /// The placeholder for the value (`FILE`, `DIR` …); `nil` for a flag.
    public let valueName: String?
    public let help: String

    public init(_ name: String, _ valueName: String? = nil, _ help: String) {
        self.name = name
        self.valueName = valueName
        self.help = help
    }
}

/// What a command is called, what it takes, and its help text.
public struct CommandSpec: Sendable {
    /// The words after the program name that select it (`["key", "new"]`); empty for the
    /// program's default command.
    public let words: [String]
    public let summary: String
    /// The usage line after the program and command words.
    public let usage: String
    public let options: [OptionSpec]
    /// Extra help text: arguments, examples, exit statuses.
    public let details: String

    public init(_ words: [String], summary: String, usage: String, options: [OptionSpec] = [], details: String = "") {
        self.words = words
        self.summary = summary
        self.usage = usage
        self.options = options
        self.details = details
    }

    /// The full help text for `program`.
    public func help(program: String) -> String {
        var text = "\(summary)\n\nUsage: \(([program] + words).joined(separator: " ")) \(usage)\n"
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

import Foundation

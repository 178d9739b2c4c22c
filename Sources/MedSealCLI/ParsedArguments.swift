import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// A command line after parsing: option values, flags and positional arguments.
public struct ParsedArguments: Sendable {
    public private(set) var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []
    /// Whether `--help` or `-h` was given.
    public private(set) var wantsHelp = false

    /// Parses `arguments` against `spec`: `--name VALUE`, `--name=VALUE`, flags, `-` and
    /// `--` (everything after it is positional). Unknown options and repeated ones are errors.
    public init(_ arguments: [String], spec: CommandSpec) throws(UserError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "--help" || argument == "-h" { wantsHelp = true; continue }
            guard argument.hasPrefix("--") else { throw UserError(.usage, "unknown option \(argument)") }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                let nearest = NearestName.to(name, among: spec.options.map(\.name))
                throw UserError(.usage, "unknown option --\(name)" + (nearest.map { " (did you mean --\($0)?)" } ?? ""))
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw UserError(.usage, "--\(name) takes no value") }
                flags.insert(name)
                continue
            }
            guard values[name] == nil else { throw UserError(.usage, "--\(name) is given twice") }
            if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count else { throw UserError(.usage, "--\(name) needs a value (\(option.valueName!))") }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    /// The value of `--name`, if given.
    public func value(_ name: String) -> String? { values[name] }

    /// The value of `--name`, or a usage error saying it is required.
    public func required(_ name: String) throws(UserError) -> String {
        guard let value = values[name] else { throw UserError(.usage, "--\(name) is required") }
        return value
    }

    /// Whether the flag `--name` was given.
    public func has(_ name: String) -> Bool { flags.contains(name) }

    /// The time given to option `name` (see ``Timestamps/parse(_:)``), or `nil` when the
    /// option is absent; a usage error that says what is wrong with a text that is not one.
    public func time(_ name: String) throws(UserError) -> Date? {
        guard let text = value(name) else { return nil }
        if let problem = Timestamps.problem(with: text) { throw UserError(.usage, "--\(name): \(problem)") }
        return Timestamps.parse(text)
    }

    /// The positional arguments, refusing more than `maximum`.
    public func positionals(atMost maximum: Int) throws(UserError) -> [String] {
        guard positionals.count <= maximum else {
            throw UserError(.usage, "unexpected argument '\(positionals[maximum])'")
        }
        return positionals
    }

    /// The positional arguments, refusing more than `maximum`, and fewer than `minimum` with
    /// the usage error `missing` (what to give).
    public func positionals(atLeast minimum: Int, atMost maximum: Int, else missing: String) throws(UserError) -> [String] {
        let given = try positionals(atMost: maximum)
        guard given.count >= minimum else { throw UserError(.usage, missing) }
        return given
    }
}

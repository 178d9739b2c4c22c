import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// A command a program can run.
public struct Command: Sendable {
    public let spec: CommandSpec
    /// Runs the command; returns its exit status.
    public let run: @Sendable (ParsedArguments, Console) throws -> Int32

    public init(_ spec: CommandSpec, run: @escaping @Sendable (ParsedArguments, Console) throws -> Int32) {
        self.spec = spec
        self.run = run
    }
}

/// Dispatches a command line to the command its first words name, prints help and
/// errors the same way for every command, and turns errors into documented exit statuses.
public struct CommandRouter: Sendable {
    public let program: String
    public let version: String
    public let summary: String
    public let commands: [Command]
    /// Extra text at the end of the program's help (exit statuses, examples).
    public let epilogue: String
    /// The environment variables the program reads (for its manual page).
    public let environment: [EnvironmentVariable]

    public init(program: String, version: String, summary: String, commands: [Command], epilogue: String = "", environment: [EnvironmentVariable] = []) {
        self.program = program
        self.version = version
        self.summary = summary
        self.commands = commands
        self.epilogue = epilogue
        self.environment = environment + [EnvironmentVariable("NO_COLOR", "When set, no colours in the output.")]
    }

    /// Runs the command line and returns the exit status.
    public func run(_ arguments: [String]) -> Int32 {
        var arguments = optionsMovedAfterCommand(arguments)
        // `PROGRAM verify …` for a program whose main command verifies: the word is its name.
        if arguments.first == "verify", commands.contains(where: { $0.spec.words.isEmpty }), !commands.contains(where: { $0.spec.words.first == "verify" }) {
            arguments.removeFirst()
        }
        let console = Console()
        if arguments == ["--version"] || arguments == ["version"] {
            console.out("\(program) \(version)")
            return 0
        }
        if let status = runBuiltIn(arguments, console) { return status }
        if arguments.isEmpty && commands.allSatisfy({ !$0.spec.words.isEmpty }) || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
            console.out(programHelp())
            return arguments.isEmpty ? 2 : 0
        }
        let matching = commands.filter { arguments.starts(with: $0.spec.words) }
        let group = commands.filter { $0.spec.words.count > 1 && $0.spec.words.first == arguments.first }
        if !group.isEmpty && !matching.contains(where: { !$0.spec.words.isEmpty }) {
            if arguments.count == 2 && ["--help", "-h", "help"].contains(arguments[1]) {
                console.out("Commands:\n" + table(group) + "\nRun '\(program) \(arguments[0]) COMMAND --help' for a command's options.")
                return 0
            }
            var what = arguments.count > 1 ? "unknown command '\(arguments[0]) \(arguments[1])'" : "'\(arguments[0])' needs a command"
            if arguments.count > 1, let nearest = NearestName.to(arguments[1], among: group.compactMap { $0.spec.words.dropFirst().first }) {
                what += " (did you mean '\(program) \(arguments[0]) \(nearest)'?)"
            }
            console.error("\(program): \(what); one of:\n" + table(group).dropLast())
            return 2
        }
        guard let command = matching.max(by: { $0.spec.words.count < $1.spec.words.count }) else {
            let nearest = arguments.first.flatMap { NearestName.to($0, among: Array(Set(commands.compactMap(\.spec.words.first)))) }
            console.error("\(program): unknown command '\(arguments.first ?? "")'" + (nearest.map { " (did you mean '\(program) \($0)'?)" } ?? "") + "\n\n" + programHelp())
            return 2
        }
        let name = ([program] + command.spec.words).joined(separator: " ")
        do {
            let parsed = try ParsedArguments(Array(arguments.dropFirst(command.spec.words.count)), spec: command.spec)
            if parsed.wantsHelp {
                console.out(command.spec.help(program: program))
                return 0
            }
            return try command.run(parsed, console)
        } catch let error as UserError {
            // One line, whatever a file or token put into the message (a field name, an id).
            console.error("\(name): error: \(TerminalText.line(error.messageWithHint))")
            if error.kind == .usage {
                console.error("\(command.spec.usageLine(program: program))\nRun '\(name) --help' for more.")
            }
            return error.kind.exitStatus
        } catch {
            console.error("\(name): error: \(TerminalText.line("\(error)"))")
            return 4
        }
    }

    /// `--trust S trust list` read as `trust list --trust S`: options given before a
    /// command's words move after them, when every one of them is an option of that command
    /// (with its value, when it takes one). Anything else is left as it is.
    func optionsMovedAfterCommand(_ arguments: [String]) -> [String] {
        guard arguments.first?.hasPrefix("--") == true else { return arguments }
        for command in commands where !command.spec.words.isEmpty {
            var index = 0
            while index < arguments.count, arguments[index].hasPrefix("--") {
                let name = String(arguments[index].dropFirst(2))
                guard let option = command.spec.options.first(where: { $0.name == name }) else { index = -1; break }
                index += option.valueName == nil ? 1 : 2
            }
            guard index > 0, index <= arguments.count, arguments[index...].starts(with: command.spec.words) else { continue }
            let words = command.spec.words.count
            return Array(arguments[index..<(index + words)]) + Array(arguments[..<index]) + Array(arguments[(index + words)...])
        }
        return arguments
    }

    /// `completion SHELL` and `manual`: the shell completions and the manual page, made from
    /// the command declarations. `nil` when the arguments are not one of them.
    func runBuiltIn(_ arguments: [String], _ console: Console) -> Int32? {
        switch arguments.first {
        case "manual" where arguments.count == 1:
            console.out(ManualPage(self).roff, terminator: "")
            return 0
        case "completion":
            let completion = ShellCompletion(self)
            switch arguments.dropFirst().first {
            case "bash" where arguments.count == 2: console.out(completion.bash, terminator: "")
            case "zsh" where arguments.count == 2: console.out(completion.zsh, terminator: "")
            default:
                console.error("\(program) completion: give the shell, bash or zsh (such as: \(program) completion bash > /etc/bash_completion.d/\(program))")
                return 2
            }
            return 0
        default:
            return nil
        }
    }

    /// One line per command, its full name and summary in aligned columns.
    func table(_ commands: [Command]) -> String {
        TextColumns.aligned(commands.map { [([program] + $0.spec.words).joined(separator: " "), $0.spec.summary] }, gap: 3).map { "  " + $0 + "\n" }.joined()
    }

    func programHelp() -> String {
        var text = "\(program) \(version): \(summary)\n\n"
        if let main = commands.first(where: { $0.spec.words.isEmpty }) {
            text += main.spec.help(program: program) + "\n"
        }
        text += "Commands:\n" + table(commands)
        text += "\nRun '\(program) COMMAND --help' for a command's options; '\(program) --version' for the version;\n"
        text += "'\(program) completion bash' (or zsh) for shell completion; '\(program) manual' for the manual page (roff).\n"
        if !epilogue.isEmpty { text += "\n" + epilogue + "\n" }
        return text
    }
}

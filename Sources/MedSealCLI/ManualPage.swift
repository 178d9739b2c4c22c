import Foundation

/// An environment variable a program reads, for its manual page.
public struct EnvironmentVariable: Sendable {
    public let name: String
    public let meaning: String

    public init(_ name: String, _ meaning: String) {
        self.name = name
        self.meaning = meaning
    }
}

/// The program's manual page (roff, section 1), written from the same command declarations
/// as `--help`, so the two never disagree: `PROGRAM manual > PROGRAM.1`.
public struct ManualPage: Sendable {
    public let router: CommandRouter

    public init(_ router: CommandRouter) {
        self.router = router
    }

    /// The page's roff source.
    public var roff: String {
        let program = router.program
        var page = ".TH \(program.uppercased()) 1 \"\" \"\(program) \(router.version)\" \"MedSeal\"\n"
        page += ".SH NAME\n\(escaped(program)) \\- \(escaped(router.summary))\n"
        page += ".SH SYNOPSIS\n"
        for command in router.commands {
            page += ".B \(escaped(([program] + command.spec.words).joined(separator: " ")))\n\(escaped(command.spec.usage))\n.br\n"
        }
        page += ".SH DESCRIPTION\n\(escaped(router.summary.prefix(1).uppercased() + router.summary.dropFirst())).\n"
        page += "Every command prints its own help with \\fB\\-\\-help\\fR; \\fB\(escaped(program)) completion bash\\fR and \\fBzsh\\fR print shell completions.\n"
        page += ".SH COMMANDS\n"
        for command in router.commands {
            page += section(command.spec)
        }
        if !router.epilogue.isEmpty {
            page += ".SH \"EXIT STATUS\"\n" + paragraphs(router.epilogue)
        }
        if !router.environment.isEmpty {
            page += ".SH ENVIRONMENT\n" + router.environment.map { ".TP\n.B \(escaped($0.name))\n\(escaped($0.meaning))\n" }.joined()
        }
        let others = ["medseal", "medseal-verify"].filter { $0 != program }
        page += ".SH \"SEE ALSO\"\n" + others.map { "\\fB\($0)\\fR(1)" }.joined(separator: ", ") + "\n"
        return page
    }

    /// One command: its summary, usage, options and details.
    func section(_ spec: CommandSpec) -> String {
        let name = ([router.program] + spec.words).joined(separator: " ")
        var text = ".SS \"\(escaped(name))\"\n\(escaped(spec.summary))\n.PP\n.B \(escaped(name))\n\(escaped(spec.usage))\n"
        for option in spec.options {
            text += ".TP\n.B \\-\\-\(escaped(option.name))" + (option.valueName.map { " \\fI\(escaped($0))\\fR" } ?? "") + "\n"
            text += escaped(withoutHome(option.help)) + "\n"
        }
        if !spec.details.isEmpty { text += paragraphs(spec.details) }
        return text
    }

    /// Text as roff paragraphs: blank lines separate them, and an indented line is kept as it is.
    func paragraphs(_ text: String) -> String {
        var out = ".PP\n"
        for line in withoutHome(text).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                out += ".PP\n"
            } else if line.hasPrefix(" ") {
                out += ".nf\n\(escaped(String(line)))\n.fi\n"
            } else {
                out += escaped(String(line)) + "\n"
            }
        }
        return out
    }

    /// The builder's home folder in a default (`/root/.local/share/medseal/trust`) reads as `~`.
    func withoutHome(_ text: String) -> String {
        let home = NSHomeDirectory()
        return home.count > 1 ? text.replacingOccurrences(of: home + "/", with: "~/") : text
    }

    /// Roff-safe text: backslashes and hyphens escaped, a leading dot or quote made literal.
    func escaped(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }
}

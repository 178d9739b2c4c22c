import Foundation
import Testing

/// What an installed MedSeal carries besides the programs: manual pages and shell completions
/// that the programs write from their own command declarations, and templates found beside the
/// program wherever it was copied.
@Suite("Installed programs, manual pages and completions")
struct InstallationTests {
    /// The full command names the program's `--help` lists (`medseal-verify trust add` …).
    func commandsInHelp(_ program: String) throws -> [String] {
        let help = try Tool.medseal(program, ["--help"]).stdout
        let table = try #require(help.components(separatedBy: "Commands:\n").last)
        return table.split(separator: "\n").prefix { $0.hasPrefix("  \(program)") }.map { line in
            line.trimmingCharacters(in: .whitespaces).components(separatedBy: "   ").first!.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The options a command's `--help` lists.
    func optionsInHelp(_ program: String, _ words: [String]) throws -> [String] {
        let help = try Tool.medseal(program, words + ["--help"]).stdout
        return help.split(separator: "\n").filter { $0.hasPrefix("  --") }.map { String($0.dropFirst(2).split(separator: " ").first!) }
    }

    /// What bash completes for the words typed so far (the last one being completed).
    func bashCompletes(_ program: String, _ words: [String], in folder: String? = nil) throws -> [String] {
        let script = try Tool.medseal(program, ["completion", "bash"])
        #expect(script.status == 0)
        let file = try Tool.temporaryFolder() + "/completion.bash"
        try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let quoted = ([program] + words).map { "'" + $0 + "'" }.joined(separator: " ")
        let function = "_" + program.replacingOccurrences(of: "-", with: "_")
        let commands = (folder.map { "cd '\($0)'; " } ?? "") + "source '\(file)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count); \(function); printf '%s\\n' \"${COMPREPLY[@]}\""
        let result = try Tool.run("bash", ["-c", commands])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("the manual page has a section for every command and every option of it", arguments: ["medseal", "medseal-verify"])
    func manualPageCoversEveryCommand(program: String) throws {
        let page = try Tool.medseal(program, ["manual"])
        #expect(page.status == 0)
        #expect(page.stdout.hasPrefix(".TH \(program.uppercased()) 1"))
        let commands = try commandsInHelp(program)
        #expect(commands.count >= 8)
        for command in commands {
            let roffName = command.replacingOccurrences(of: "-", with: "\\-")
            #expect(page.stdout.contains(".SS \"\(roffName)\""), "no section for \(command)")
            for option in try optionsInHelp(program, Array(command.split(separator: " ").dropFirst().map(String.init))) where option != "--help" {
                #expect(page.stdout.contains(".B \(option.replacingOccurrences(of: "-", with: "\\-"))"), "\(command): \(option) missing")
            }
        }
        // man renders it without complaint.
        let file = try Tool.temporaryFolder() + "/\(program).1"
        try page.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let rendered = try Tool.run("man", ["--warnings", "-l", file], environment: ["MANWIDTH": "100"])
        #expect(rendered.status == 0)
        #expect(rendered.stdout.contains("EXIT STATUS") || program == "medseal-verify")
        #expect(!rendered.stderr.contains("warning"), "\(rendered.stderr)")
    }

    @Test("bash completes command words, each command's own options, and file names where a file goes")
    func bashCompletion() throws {
        #expect(try bashCompletes("medseal", ["ke"]) == ["key"])
        #expect(try bashCompletes("medseal", ["key", ""]) == ["grant", "new"])
        #expect(try bashCompletes("medseal", ["key", "new", "--"]) == (try optionsInHelp("medseal", ["key", "new"])).sorted())
        #expect(try bashCompletes("medseal", ["issue", ""]) == ["emergency", "vaccination"])
        #expect(try bashCompletes("medseal", ["issue", "--in", "Templates/inputs/emer"], in: Tool.root) == ["Templates/inputs/emergency.json"])
        #expect(try bashCompletes("medseal", ["issue", "--expires-in", ""]).isEmpty)
        #expect(try bashCompletes("medseal-verify", ["trust", "import-g"]) == ["import-gdhcn"])
        #expect(try bashCompletes("medseal-verify", ["--js"]) == ["--json"])
        #expect(try bashCompletes("medseal-verify", ["MS1:ABC", "--lan"]) == ["--lang"])
        #expect(try bashCompletes("medseal-verify", ["audit", "check", "--ag"]) == ["--against"])
        #expect(try bashCompletes("medseal", ["completion", ""]) == ["bash", "zsh"])
    }

    @Test("the zsh completion is a valid completion function naming every command", arguments: ["medseal", "medseal-verify"])
    func zshCompletion(program: String) throws {
        let script = try Tool.medseal(program, ["completion", "zsh"])
        #expect(script.status == 0)
        #expect(script.stdout.hasPrefix("#compdef \(program)\n"))
        for command in try commandsInHelp(program) {
            let words = command.split(separator: " ").dropFirst()
            guard let first = words.first else { continue }
            #expect(script.stdout.contains("'\(words.last!):"), "\(command) is not offered")
            #expect(script.stdout.contains("\"\(words.joined(separator: " "))\")") || words.count == 1 && script.stdout.contains("\"\(first)\")"))
        }
        let file = try Tool.temporaryFolder() + "/_\(program)"
        try script.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let zsh = try Tool.run("zsh", ["-n", file])
        #expect(zsh.status == 0, "zsh -n: \(zsh.stderr)")
    }

    @Test("completion for an unknown shell names the ones there are")
    func unknownShell() throws {
        let result = try Tool.medseal("medseal", ["completion", "fish"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bash or zsh"))
    }

    @Test("copied with share/medseal/Templates beside it, medseal runs its demo from any folder, and the demo's hint names the copied verifier")
    func relocatedPrograms() throws {
        let prefix = try Tool.temporaryFolder()
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/share/medseal", withIntermediateDirectories: true)
        for program in ["medseal", "medseal-verify"] {
            try FileManager.default.copyItem(atPath: Tool.binaries + "/" + program, toPath: prefix + "/bin/" + program)
        }
        try FileManager.default.copyItem(atPath: Tool.root + "/Templates", toPath: prefix + "/share/medseal/Templates")
        let elsewhere = try Tool.temporaryFolder()
        let demo = try Tool.run("sh", ["-c", "cd '\(elsewhere)' && '\(prefix)/bin/medseal' demo --out '\(elsewhere)/demo'"], environment: ["MEDSEAL_TEMPLATES": ""])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("Try: \(prefix)/bin/medseal-verify --trust"))
        let verified = try Tool.run(prefix + "/bin/medseal-verify", ["--trust", elsewhere + "/demo/trust", "--file", elsewhere + "/demo/vaccination.token"])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("VALID"))
    }
}

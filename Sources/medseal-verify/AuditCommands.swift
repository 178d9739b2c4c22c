import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal-verify audit show | check`: reading the hash-chained audit log.
enum AuditCommands {
    static let options = [StoreOption.trust, OptionSpec("audit-log", "FILE", "The audit log (default: audit.log in the store).")]

    static func log(_ arguments: ParsedArguments) -> AuditLog {
        AuditLog(path: arguments.value("audit-log") ?? StoreOption.store(arguments).folder + "/audit.log")
    }

    static let show = Command(CommandSpec(
        ["audit", "show"],
        summary: "Print the audit log: time, operator, verdict, issuer, credential hash, profile, rules.",
        options: options + [OptionSpec("last", "N", "Only the last N entries."), OptionSpec("json", nil, "Print the entries as JSON lines.")]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        var entries = try log(arguments).entries()
        if let text = arguments.value("last") {
            guard let count = Int(text), count > 0 else { throw UserError(.usage, "--last '\(text)' is not a positive whole number") }
            entries = Array(entries.suffix(count))
        }
        if arguments.has("json") {
            for entry in entries {
                let data = (try? JSONWriter.data(entry)) ?? Data()
                console.out(JSONText.escapingInvisible(String(decoding: data, as: UTF8.self)))
            }
            return 0
        }
        guard !entries.isEmpty else {
            console.out("The audit log has no entries.")
            return 0
        }
        var rows = [["#", "time", "mode", "operator", "verdict", "type", "issuer", "credential hash", "profile", "rules"]]
        for entry in entries {
            func field(_ key: String) -> String { (entry[key] as? String) ?? (entry[key] as? NSNumber)?.stringValue ?? "-" }
            let rules = (entry["rules"] as? [String])?.joined(separator: ",") ?? ""
            // What the log quotes (a claimed issuer's name) is shown as text, never obeyed.
            rows.append([field("seq"), field("time"), field("mode"), field("operator"), field("verdict"), field("type"), field("issuer"), field("credential"), field("profile"), rules.isEmpty ? "-" : rules])
        }
        TextColumns.aligned(rows.map { $0.map(TerminalText.line) }).forEach { console.out($0) }
        return 0
    }

    static let check = Command(CommandSpec(
        ["audit", "check"],
        summary: "Check the audit log's hash chain: finds edited, deleted, inserted or reordered entries.",
        options: options + [OptionSpec("against", "FILE", "Also prove that the log still holds, unchanged, every entry of this signed checkpoint (from audit checkpoint): a Merkle consistency proof.")],
        details: "Exit status: 0 intact; 1 the log was altered (each problem is named with its line); 4 there is no log, or it cannot be read."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let audit = log(arguments)
        var (count, problems, station) = try audit.checkWithStation()!
        if let file = arguments.value("against") {
            let against = try audit.check(against: try FileStore.readText(file, limit: 4_096))
            problems += against
            if against.isEmpty { console.out("\(file): the log still holds every entry this checkpoint covered, unchanged (Merkle consistency proof verified)") }
        }
        guard problems.isEmpty else {
            for problem in problems { console.out("ALTERED: " + problem) }
            console.error("\(audit.path): \(EnglishCount.of(problems.count, "problem")) in \(EnglishCount.of(count, "entry", "entries"))")
            return 1
        }
        let signer = station.map { ", head signed by station key \($0)" } ?? ", head of an earlier version (unsigned; the next entry signs it)"
        console.out("\(audit.path): intact, \(EnglishCount.of(count, "entry", "entries"))\(signer)")
        return 0
    }

    static let checkpoint = Command(CommandSpec(
        ["audit", "checkpoint"],
        summary: "Print a checkpoint of the audit log (entries and Merkle root, signed by the station key), to hand to the authority; audit check --against FILE proves the log later.",
        options: options + [OptionSpec("out", "FILE", "Also write the checkpoint to FILE.")]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let text = try log(arguments).checkpoint()
        if let out = arguments.value("out") { try FileStore.writeAtomically(Data(text.utf8), to: out) }
        console.out(text, terminator: "")
        return 0
    }

    static let prove = Command(CommandSpec(
        ["audit", "prove"],
        summary: "Print the Merkle inclusion proof of one entry: that this access is in the log the checkpoints cover.",
        options: options + [OptionSpec("entry", "N", "The entry's number (its seq).", required: true)]
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        guard let number = Int(try arguments.required("entry")), number > 0 else { throw UserError(.usage, "--entry must be a positive whole number") }
        let proof = try log(arguments).inclusionProof(entry: number)
        console.out("entry \(number) of \(proof.size): leaf \(ByteText.hex(proof.leaf))")
        console.out("root \(Data(proof.root).base64EncodedString())")
        for (index, hash) in proof.path.enumerated() { console.out("path \(index + 1) \(ByteText.hex(hash))") }
        console.out("inclusion proof verified")
        return 0
    }
}

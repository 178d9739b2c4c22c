import Foundation
import MedSealCLI
import MedSealCore

/// `medseal-verify batch FILE`: verifies every token of a file on all cores and writes a
/// CSV or JSON-lines report.
enum BatchCommand {
    static let command = Command(CommandSpec(
        ["batch"],
        summary: "Verify every token of a file (one per line, or a CSV with a token column) on all cores; write a report.",
        usage: "FILE [--out REPORT] [--format csv|jsonl] [--trust DIR] [--profile NAME] [--rules FILE] [--no-audit]",
        options: [
            OptionSpec("out", "REPORT", "Write the report here (atomically); without it, to standard output."),
            OptionSpec("format", "FORMAT", "csv (default) or jsonl."),
        ] + VerifierSetup.options(auditByDefault: true),
        details: """
        The report has a row per token: row, valid, status, reason, issuer, type, name (and birthDate under the
        checkpoint profile), and the rule's outcome. No other health data goes into it.
        Exit status: 0 every token valid; 1 some not valid; 2 usage error or unreadable file; 3 damaged store;
        4 a file could not be read or written.
        """
    )) { arguments, console in
        guard let path = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the file of tokens") }
        let format = arguments.value("format") ?? "csv"
        guard format == "csv" || format == "jsonl" else { throw UserError(.usage, "--format '\(format)' is not csv or jsonl") }
        let setup = try VerifierSetup(arguments, auditByDefault: true)
        let input = try BatchInput(text: String(decoding: try FileStore.read(path, limit: 1 << 30), as: UTF8.self), name: path)
        let progress = BatchProgress(total: input.rows.count, visible: isatty(STDERR_FILENO) == 1)
        let start = DispatchTime.now().uptimeNanoseconds
        let results = BatchCommand.verifyAll(input.rows.map(\.token), setup: setup, progress: progress)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress.finish()

        let rows = zip(input.rows, results).map { BatchRow(row: $0.0.row, result: $0.1.0, profile: setup.profile) }
        var report = format == "csv" ? BatchRow.columns.joined(separator: ",") + "\n" : ""
        for row in rows {
            if format == "csv" {
                report += row.csv + "\n"
            } else {
                let data = (try? JSONSerialization.data(withJSONObject: row.values, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                report += String(decoding: data, as: UTF8.self) + "\n"
            }
        }
        if let out = arguments.value("out") {
            try FileStore.writeAtomically(Data(report.utf8), to: out)
        } else {
            console.out(report, terminator: "")
        }
        try setup.record(results, mode: "batch")
        setup.recordRun()
        let valid = results.filter { $0.0.isValid }.count
        console.error(String(format: "%d tokens in %.2f s (%.0f per second, %d cores): %d valid, %d not valid",
                             results.count, seconds, Double(results.count) / max(seconds, 1e-9), ProcessInfo.processInfo.activeProcessorCount,
                             valid, results.count - valid))
        return valid == results.count ? 0 : 1
    }

    /// Verifies `tokens` on every core, keeping their order.
    static func verifyAll(_ tokens: [String], setup: VerifierSetup, progress: BatchProgress) -> [(VerificationResult, VerificationContext)] {
        let chunk = 256
        let chunks = (tokens.count + chunk - 1) / chunk
        let results = ResultSlots<(VerificationResult, VerificationContext)>(count: tokens.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let range = (index * chunk)..<min(tokens.count, (index + 1) * chunk)
            for position in range { results[position] = setup.verify(tokens[position]) }
            progress.advance(by: range.count)
        }
        return results.values
    }
}

/// Slots that several threads fill, each slot by exactly one thread.
final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    subscript(index: Int) -> Value {
        get { storage[index]! }
        set { storage[index] = newValue }
    }

    var values: [Value] { (0..<count).map { storage[$0]! } }
}

/// A progress bar on standard error, when it is a terminal.
final class BatchProgress: @unchecked Sendable {
    private let total: Int
    private let visible: Bool
    private let lock = NSLock()
    private var done = 0
    private var shownPercent = -1

    init(total: Int, visible: Bool) {
        self.total = total
        self.visible = visible
    }

    func advance(by count: Int) {
        guard visible else { return }
        lock.lock()
        defer { lock.unlock() }
        done += count
        let percent = total == 0 ? 100 : done * 100 / total
        guard percent != shownPercent else { return }
        shownPercent = percent
        let filled = percent * 30 / 100
        FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(percent)%  \(done)/\(total)".utf8))
    }

    func finish() {
        if visible { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

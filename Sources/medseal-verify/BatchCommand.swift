import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal-verify batch FILE`: verifies every token of a file on all cores and writes a
/// CSV or JSON-lines report.
enum BatchCommand {
    static let command = Command(CommandSpec(
        ["batch"],
        summary: "Verify every token of a file (one per line, or a table with a token column) on all cores; write a report.",
        arguments: "FILE",
        options: [
            OptionSpec("out", "REPORT", "Write the report here (atomically); without it, to standard output."),
            OptionSpec("format", "FORMAT", "csv (default) or jsonl."),
            OptionSpec("jobs", "N", "How many tokens to verify at once (default: one per core)."),
        ] + VerifierSetup.options(auditByDefault: true),
        details: """
        A table's columns may be separated by commas (CSV), semicolons or tabs, as spreadsheets save them; a UTF-8
        byte order mark is skipped. A CSV report uses the table's separator (commas for a list of tokens), so a
        spreadsheet opens it as it saved the input. Rows are numbered as the file's lines, so row 2 is a table's first token.
        The report has a row per token: row, valid, status, reason, issuer, type, name (and birthDate under the
        checkpoint profile), and the rule's outcome. No other health data goes into it.
        Exit status: 0 every token valid; 1 some not valid; 2 usage error or unreadable file; 3 damaged store;
        4 a file could not be read or written.
        """
    )) { arguments, console in
        guard let path = try arguments.positionals(atMost: 1).first else { throw UserError(.usage, "give the file of tokens") }
        let format = arguments.value("format") ?? "csv"
        guard format == "csv" || format == "jsonl" else { throw UserError(.usage, "--format '\(format)' is not csv or jsonl") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var jobs = cores
        if let text = arguments.value("jobs") {
            guard let number = Int(text), (1...256).contains(number) else { throw UserError(.usage, "--jobs '\(text)' is not a whole number from 1 to 256") }
            jobs = number
        }
        let setup = try VerifierSetup(arguments, auditByDefault: true)
        let input = try BatchInput(path: path)
        let output = try BatchOutput(path: arguments.value("out"), console: console)
        let progress = BatchProgress(total: input.size, visible: isatty(STDERR_FILENO) == 1)
        let start = DispatchTime.now().uptimeNanoseconds
        let profile = setup.profile
        let separator = input.separator
        let inputColumns = input.inputColumns
        if format == "csv" { try output.write(BatchRow.header(input: inputColumns).map { CSVCell.text($0, separator: separator) }.joined(separator: String(separator)) + "\n") }
        // A window of rows at a time: read, verified on every core, written, logged, dropped.
        // Memory is bounded by the window (rows and bytes), never by the file. A window is
        // written and logged by a writer while the next one is verified, so that the cores
        // are not left idle by the serial part.
        let window = jobs * BatchCommand.rowsPerJob
        var total = 0, valid = 0
        // With one job, all of it runs on one thread: --jobs N is N cores' worth of work.
        let writer = BatchWriter(output: output, setup: setup, concurrent: jobs > 1)
        // The next window is read while this one is verified.
        let prefetch = BatchPrefetch(input: input, rows: window, bytes: BatchCommand.windowBytes, concurrent: jobs > 1)
        while true {
            let rows = try prefetch.next()
            if rows.isEmpty { break }
            let verified = BatchCommand.verifyAll(rows.map(\.token), setup: setup, jobs: jobs) { index, result in
                let row = BatchRow(row: rows[index].row, result: result, profile: profile, cells: rows[index].cells)
                return format == "csv" ? row.csv(separator: separator) : row.json(input: inputColumns)
            }
            total += verified.count
            valid += verified.filter(\.valid).count
            try writer.write(verified)
            progress.advance(rows: total, bytes: prefetch.bytesRead)
        }
        let auditFailure = try writer.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress.finish()
        try output.finish()
        setup.recordRun()
        let rate = String(format: "%.2f s (%.0f per second", seconds, Double(total) / max(seconds, 1e-9))
        console.error("\(EnglishCount.of(total, "token")) in \(rate), \(EnglishCount.of(jobs, "job")) on \(EnglishCount.of(cores, "core"))): \(valid) valid, \(total - valid) not valid")
        if let auditFailure {
            console.error("medseal-verify batch: AUDIT LOG NOT WRITTEN (the report above is complete): \(auditFailure.messageWithHint)")
            return 4
        }
        return valid == total ? 0 : 1
    }

    /// How many rows each job gets in one window, and how many bytes of tokens a window
    /// holds at most.
    static let rowsPerJob = 8_192
    static let windowBytes = 16 << 20

    /// What a batch keeps of one token: its verdict, report line and audit entry (when the
    /// log is on), all written by the worker that verified it. The full result, with the
    /// health document, is dropped as soon as they are.
    struct Outcome {
        let valid: Bool
        let line: String
        let audit: AuditEntry?
    }

    /// Verifies `tokens` with `jobs` workers taking chunks in turn, keeping their order, and
    /// turns each result into its report line with `line` and its audit record.
    static func verifyAll(_ tokens: [String], setup: VerifierSetup, jobs: Int,
                          line: @escaping @Sendable (Int, VerificationResult) -> String) -> [Outcome] {
        let chunk = 256
        let chunks = (tokens.count + chunk - 1) / chunk
        let results = ResultSlots<Outcome>(count: tokens.count)
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(chunks, 1))) { _ in
            let verifier = setup.verifier.forAnotherThread()
            while let index = next.take(below: chunks) {
                let range = (index * chunk)..<min(tokens.count, (index + 1) * chunk)
                for position in range {
                    let (result, context): (VerificationResult, VerificationContext)
                    if tokens[position] == BatchInput.overlongMarker {
                        (result, context) = (.failure(.malformed, "the line is longer than \(BatchInput.maximumLineBytes / 1024) KiB: not a token"), setup.context)
                    } else if tokens[position].allSatisfy(\.isWhitespace) {
                        (result, context) = (.failure(.malformed, "the token cell is empty"), setup.context)
                    } else {
                        (result, context) = setup.verify(tokens[position], with: verifier)
                    }
                    results[position] = Outcome(valid: result.isValid, line: line(position, result),
                                                audit: setup.auditRecord(result, context, mode: "batch")?.entry)
                }
            }
        }
        return results.values
    }
}

/// Reads the next window of rows on a thread of its own while the current one is verified.
final class BatchPrefetch: @unchecked Sendable {
    private let input: BatchInput
    private let rows: Int
    private let bytes: Int
    private let queue = DispatchQueue(label: "medseal.batch.reader")
    private let concurrent: Bool
    private var ahead: Result<[BatchInput.Row], UserError>?
    private var aheadBytes = 0
    /// How much of the file the windows handed out so far took (for the progress bar).
    private(set) var bytesRead = 0

    /// With `concurrent` false, each window is read when it is asked for.
    init(input: BatchInput, rows: Int, bytes: Int, concurrent: Bool) {
        self.input = input
        self.rows = rows
        self.bytes = bytes
        self.concurrent = concurrent
        start()
    }

    private func start() {
        let read: @Sendable () -> Void = {
            do throws(UserError) { self.ahead = .success(try self.input.next(self.rows, bytes: self.bytes)) } catch { self.ahead = .failure(error) }
            self.aheadBytes = self.input.bytesRead
        }
        if concurrent { queue.async(execute: read) }
    }

    /// The next window (empty at the end of the file); the one after it starts being read.
    func next() throws(UserError) -> [BatchInput.Row] {
        if !concurrent {
            do throws(UserError) { ahead = .success(try input.next(rows, bytes: bytes)) } catch { ahead = .failure(error) }
            aheadBytes = input.bytesRead
        }
        let (window, read): (Result<[BatchInput.Row], UserError>, Int) = queue.sync { (ahead!, aheadBytes) }
        bytesRead = read
        if case .success(let rows) = window, !rows.isEmpty { start() }
        return try window.get()
    }
}

/// Writes each window's report lines and audit entries on a queue of its own, in order,
/// while the next window is verified; the first error is kept and reported at the end.
final class BatchWriter: @unchecked Sendable {
    private let output: BatchOutput
    private let setup: VerifierSetup
    private let queue = DispatchQueue(label: "medseal.batch.writer")
    private let lock = NSLock()
    private var writeFailure: UserError?
    private var auditFailure: UserError?
    /// At most one window waits: the reader does not run ahead of the writer.
    private let pending = DispatchSemaphore(value: 1)

    private let concurrent: Bool

    /// With `concurrent` false, each window is written before ``write(_:)`` returns.
    init(output: BatchOutput, setup: VerifierSetup, concurrent: Bool) {
        self.output = output
        self.setup = setup
        self.concurrent = concurrent
    }

    /// Queues a window; throws the first write error of an earlier window.
    func write(_ window: [BatchCommand.Outcome]) throws(UserError) {
        if let failure = lock.withLock({ writeFailure }) { throw failure }
        pending.wait()
        let work: @Sendable () -> Void = {
            defer { self.pending.signal() }
            var text = ""
            text.reserveCapacity(window.reduce(0) { $0 + $1.line.utf8.count + 1 })
            for outcome in window { text += outcome.line + "\n" }
            do throws(UserError) { try self.output.write(text) } catch {
                self.lock.withLock { self.writeFailure = self.writeFailure ?? error }
                return
            }
            guard self.lock.withLock({ self.auditFailure == nil }) else { return }
            do throws(UserError) { try self.setup.record(window.compactMap(\.audit)) } catch {
                self.lock.withLock { self.auditFailure = error }
            }
        }
        if concurrent { queue.async(execute: work) } else { work() }
        if !concurrent, let failure = lock.withLock({ writeFailure }) { throw failure }
    }

    /// Waits for every window; throws a write error, and answers an audit log error.
    func finish() throws(UserError) -> UserError? {
        queue.sync {}
        if let failure = lock.withLock({ writeFailure }) { throw failure }
        return lock.withLock { auditFailure }
    }
}

/// Where the report goes: standard output as it is made, or a file written atomically
/// (a temporary file renamed into place when the report is complete).
final class BatchOutput: @unchecked Sendable {
    private let console: Console
    private let file: FileStore.AtomicWriter?

    init(path: String?, console: Console) throws(UserError) {
        self.console = console
        file = try path.map { path throws(UserError) in try FileStore.AtomicWriter(path: path) }
    }

    func write(_ text: String) throws(UserError) {
        if let file { try file.append(Data(text.utf8)) } else { console.out(text, terminator: "") }
    }

    func finish() throws(UserError) { try file?.commit() }
}

/// Hands out chunk numbers to workers, each once.
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
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

/// A progress bar on standard error, when it is a terminal: the share of the file read,
/// and the tokens verified so far.
final class BatchProgress: @unchecked Sendable {
    private let total: Int?
    private let visible: Bool
    private var shownPercent = -1

    init(total: Int?, visible: Bool) {
        self.total = total
        self.visible = visible
    }

    func advance(rows: Int, bytes: Int) {
        guard visible else { return }
        let percent = total.map { $0 == 0 ? 100 : min(100, bytes * 100 / $0) } ?? 0
        guard percent != shownPercent || total == nil else { return }
        shownPercent = percent
        let filled = percent * 30 / 100
        let bar = total == nil ? "" : "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(percent)%  "
        FileHandle.standardError.write(Data("\r\(bar)\(rows) tokens".utf8))
    }

    func finish() {
        if visible { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

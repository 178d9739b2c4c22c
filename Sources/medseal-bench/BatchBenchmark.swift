import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal-verify batch` on a file of generated tokens, timed as a user runs it: one job
/// against one per core, and with the audit log on.
enum BatchBenchmark {
    static func run(tokens count: Int, documents: [CredentialDocument]) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/medseal-verify"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("\nbatch: skipped (build medseal-verify first: swift build -c release)")
            return
        }
        let folder = NSTemporaryDirectory() + "medseal-bench-batch-" + ByteText.hex(Sodium.randomBytes(4))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: "Bench Batch Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400))
        let store = VerifierStore(folder: folder + "/store")
        _ = try! store.add(key.publicKey, now: now)
        let issuer = CredentialIssuer(key: key)
        let lines = ResultBox(count: count)
        DispatchQueue.concurrentPerform(iterations: ProcessInfo.processInfo.activeProcessorCount) { worker in
            var index = worker
            while index < count {
                lines.set(index, try! issuer.issue(documents[index % documents.count], now: now, lifetime: 86_400 * 30).token)
                index += ProcessInfo.processInfo.activeProcessorCount
            }
        }
        try! (lines.values.joined(separator: "\n") + "\n").write(toFile: folder + "/tokens.txt", atomically: true, encoding: .utf8)

        print("\nbatch: medseal-verify batch on \(count) tokens (emergency and vaccination alternating), report to a file")
        var rates = [Int: Double]()
        for (label, jobs, audit) in [("1 job, no audit log", 1, false), ("\(ProcessInfo.processInfo.activeProcessorCount) jobs, no audit log", ProcessInfo.processInfo.activeProcessorCount, false),
                                     ("\(ProcessInfo.processInfo.activeProcessorCount) jobs, with the audit log", ProcessInfo.processInfo.activeProcessorCount, true)] {
            let arguments = [binary, "batch", folder + "/tokens.txt", "--trust", folder + "/store", "--out", folder + "/report.csv", "--jobs", String(jobs)] + (audit ? [] : ["--no-audit"])
            let seconds = StoreBenchmark.timed { precondition(StoreBenchmark.spawn(arguments) == 0, "batch did not find every token valid") }
            let rate = Double(count) / seconds
            if !audit { rates[jobs] = rate }
            print("  " + label.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: " %7.2f s  %8.0f tokens/s", seconds, rate))
        }
        if let one = rates[1], let all = rates[ProcessInfo.processInfo.activeProcessorCount], ProcessInfo.processInfo.activeProcessorCount > 1 {
            print(String(format: "  all cores / one core               %7.2f    (goal ≥ 1.8 on 2 cores)", all / one))
        }
    }
}

/// Slots filled by several threads, each slot by one thread.
final class ResultBox: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<String>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: "", count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ index: Int, _ value: String) { storage[index] = value }
    var values: [String] { (0..<count).map { storage[$0] } }
}

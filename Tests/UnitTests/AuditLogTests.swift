import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Audit log")
struct AuditLogTests {
    static func log(entries: Int) throws -> AuditLog {
        let folder = NSTemporaryDirectory() + "medseal-audit-" + UUID().uuidString
        let log = AuditLog(path: folder + "/audit.log")
        let result = VerificationResult.failure(.malformed, "prefix: not MS1")
        for index in 0..<entries {
            try log.append([AuditRecord(time: 1_780_000_000 + Int64(index), operatorName: "Desk \(index % 3)", mode: "scan", result: result, profile: .checkpoint)])
        }
        return log
    }

    static func lines(_ log: AuditLog) throws -> [String] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func write(_ lines: [String], to log: AuditLog) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: log.path, atomically: false, encoding: .utf8)
    }

    @Test func anIntactLogChecksClean() throws {
        let log = try AuditLogTests.log(entries: 6)
        let (count, problems) = try log.check()
        #expect(count == 6 && problems.isEmpty, "\(problems)")
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(!text.contains("prefix: not MS1"), "reasons can hold token text; they stay out of the log")
    }

    @Test func operatorNamesWithAnyTextKeepTheChainIntact() throws {
        let folder = NSTemporaryDirectory() + "medseal-audit-" + UUID().uuidString
        let log = AuditLog(path: folder + "/audit.log")
        let result = VerificationResult.failure(.malformed, "x")
        let records = JSONTextTests.awkward.enumerated().map { index, name in
            AuditRecord(time: 1_780_000_000 + Int64(index) * 86_399, operatorName: name, mode: "batch", result: result, profile: nil)
        }
        try log.append(records)
        let (count, problems) = try log.check()
        #expect(count == records.count && problems.isEmpty, "\(problems)")
    }

    /// A log written before the JSON writer changed must still check clean, and go on.
    @Test func aLogWrittenByAnEarlierVersionChecksCleanAndGoesOn() throws {
        let folder = NSTemporaryDirectory() + "medseal-audit-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let log = AuditLog(path: folder + "/audit.log")
        try FileManager.default.copyItem(atPath: TestPaths.vectors + "/audit/v0.1.0.log", toPath: log.path)
        try FileManager.default.copyItem(atPath: TestPaths.vectors + "/audit/v0.1.0.log.head", toPath: log.path + ".head")
        let (count, problems) = try log.check()
        #expect(count == 15 && problems.isEmpty, "\(problems)")
        try log.append([AuditRecord(time: 1_780_000_000, operatorName: "\u{FEFF}now", mode: "scan", result: .failure(.malformed, "x"), profile: nil)])
        let after = try log.check()
        #expect(after.entries == 16 && after.problems.isEmpty, "\(after.problems)")
    }

    @Test func anEditedEntryIsFound() throws {
        let log = try AuditLogTests.log(entries: 6)
        var lines = try AuditLogTests.lines(log)
        lines[2] = lines[2].replacingOccurrences(of: "\"verdict\":\"malformed\"", with: "\"verdict\":\"valid\"")
        try AuditLogTests.write(lines, to: log)
        let problems = try log.check().problems
        #expect(problems.count == 1 && problems[0].hasPrefix("line 3 (entry #3)") && problems[0].contains("edited"), "\(problems)")
    }

    /// A second value under a name already given: Foundation's reader took the last one and
    /// the chain still checked, while a tool that takes the first shows another verdict.
    @Test func anEntryThatGivesANameTwiceIsNotReadable() throws {
        let log = try AuditLogTests.log(entries: 4)
        var lines = try AuditLogTests.lines(log)
        lines[1] = "{\"verdict\":\"valid\"," + lines[1].dropFirst()
        try AuditLogTests.write(lines, to: log)
        let problems = try log.check().problems
        #expect(problems.first?.hasPrefix("line 2: not a readable entry") == true, "\(problems)")
    }

    @Test func aDeletedEntryIsFound() throws {
        let log = try AuditLogTests.log(entries: 6)
        var lines = try AuditLogTests.lines(log)
        lines.remove(at: 3)
        try AuditLogTests.write(lines, to: log)
        let problems = try log.check().problems
        #expect(problems.first?.hasPrefix("line 4: entry #5 where #4 was expected") == true, "\(problems)")
        #expect(problems.contains { $0.contains("cut off the end") }, "the head records 6")
    }

    @Test func reorderedEntriesAreFound() throws {
        let log = try AuditLogTests.log(entries: 6)
        var lines = try AuditLogTests.lines(log)
        lines.swapAt(1, 2)
        try AuditLogTests.write(lines, to: log)
        let problems = try log.check().problems
        #expect(problems.first?.hasPrefix("line 2: entry #3 where #2 was expected") == true, "\(problems)")
    }

    @Test func entriesCutOffTheEndAreFound() throws {
        let log = try AuditLogTests.log(entries: 6)
        try AuditLogTests.write(Array(try AuditLogTests.lines(log).prefix(4)), to: log)
        #expect(try log.check().problems == ["the head records 6 entries but the log holds 4: entries were cut off the end"])
    }

    @Test func concurrentWritersKeepTheChain() throws {
        let log = try AuditLogTests.log(entries: 1)
        let result = VerificationResult.failure(.malformed, "x")
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<10 {
                try? log.append([AuditRecord(time: Int64(thread * 100 + index), operatorName: nil, mode: "batch", result: result, profile: nil)])
            }
        }
        let (count, problems) = try log.check()
        #expect(count == 81 && problems.isEmpty, "\(problems)")
    }

    @Test func aLineCutShortByACrashIsReplacedByTheNextAppend() throws {
        let log = try AuditLogTests.log(entries: 3)
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"seq\":4,\"ti".utf8))
        try handle.close()
        try log.append([AuditRecord(time: 5, operatorName: nil, mode: "scan", result: VerificationResult.failure(.malformed, "x"), profile: nil)])
        let (count, problems) = try log.check()
        #expect(count == 4 && problems.isEmpty, "\(problems)")
    }
}

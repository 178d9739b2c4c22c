import Foundation
import Testing

/// The access log that proves itself, through the real verifier: a checkpoint at the end of a
/// shift, a later check against it, an inclusion proof, and a rewritten entry found.
@Suite("Audit checkpoints end to end")
struct AuditCheckpointTests {
    @Test func aCheckpointHandedOverProvesTheLogLater() throws {
        let folder = try Tool.temporaryFolder()
        #expect(try Tool.medseal("medseal", ["key", "new", "--issuer", "Shift Clinic", "--out", folder + "/keys"]).status == 0)
        let store = folder + "/store"
        #expect(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", store, folder + "/keys/issuer.pub"]).status == 0)
        #expect(try Tool.medseal("medseal", ["issue", "vaccination", "--key", folder + "/keys/issuer.key", "--in", Tool.root + "/Templates/inputs/vaccination.json", "--out", folder + "/v"]).status == 0)
        for index in 1...4 { _ = try Tool.medseal("medseal-verify", ["--trust", store, "--audit", "--operator", "Desk \(index)", "--file", folder + "/v.token"]) }
        let checkpoint = try Tool.medseal("medseal-verify", ["audit", "checkpoint", "--trust", store, "--out", folder + "/shift.checkpoint"])
        #expect(checkpoint.status == 0 && checkpoint.stdout.hasPrefix("medseal-audit/") && checkpoint.stdout.contains("\n4\n") && checkpoint.stdout.count < 300, "\(checkpoint.stdout)")
        for _ in 1...3 { _ = try Tool.medseal("medseal-verify", ["--trust", store, "--audit", "--file", folder + "/v.token"]) }
        let later = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", store, "--against", folder + "/shift.checkpoint"])
        #expect(later.status == 0 && later.stdout.contains("consistency proof verified") && later.stdout.contains("7 entries"), "\(later.stdout)")
        let proof = try Tool.medseal("medseal-verify", ["audit", "prove", "--trust", store, "--entry", "2"])
        #expect(proof.status == 0 && proof.stdout.contains("entry 2 of 7") && proof.stdout.contains("inclusion proof verified"), "\(proof.stdout)")
        // An entry the checkpoint covered, edited.
        let log = store + "/audit.log"
        try (try Tool.read(log)).replacingOccurrences(of: "Desk 2", with: "Desk 9").write(toFile: log, atomically: true, encoding: .utf8)
        let altered = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", store, "--against", folder + "/shift.checkpoint"])
        #expect(altered.status == 1 && altered.stdout.contains("does not extend the checkpoint"), "\(altered.stdout)")
        // A missing log is never intact.
        try FileManager.default.removeItem(atPath: log)
        #expect(try Tool.medseal("medseal-verify", ["audit", "check", "--trust", store]).status != 0)
    }
}

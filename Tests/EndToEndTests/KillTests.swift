import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// The verifier killed with SIGKILL at random moments while it imports a bundle, imports a
/// revocation list or appends to the audit log: the store must always be usable afterwards,
/// holding the old state or the new one, never half of either.
@Suite("Killed mid-write")
struct KillTests {
    /// Starts `medseal-verify` with `arguments`, kills it after `delay` seconds (if it is still
    /// running), and waits for it; answers whether it was killed.
    @discardableResult
    static func killed(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tool.binaries + "/medseal-verify")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        let running = process.isRunning
        if running { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return running && process.terminationReason == .uncaughtSignal
    }

    @Test func importsAndAuditAppendsSurviveSIGKILL() throws {
        let folder = try Tool.temporaryFolder()
        let store = folder + "/store"
        let now = Date()
        let issuer = IssuerSigningKey.generate(issuer: "Kill Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 30))
        let root = IssuerSigningKey.generate(issuer: "Kill Root", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 30), role: .root)
        try issuer.publicKey.fileData.write(to: URL(fileURLWithPath: folder + "/issuer.pub"))
        try root.publicKey.fileData.write(to: URL(fileURLWithPath: folder + "/root.pub"))
        #expect(try Tool.medseal("medseal-verify", ["trust", "add-root", "--trust", store, folder + "/root.pub"]).status == 0)
        #expect(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", store, folder + "/issuer.pub"]).status == 0)

        // Lists of 200,000 entries and bundles of 2,000 keys, each newer than the last.
        var entries = [UInt8]()
        for index in 0..<200_000 {
            var hash = withUnsafeBytes(of: (UInt64(index) << 40 | 0x1234).bigEndian) { Array($0) }
            hash[7] = UInt8(index & 0xFF)
            entries += hash + [RevocationReason.revoked.rawValue]
        }
        let document = try CredentialDocument.read(path: Tool.root + "/Templates/inputs/vaccination.json", type: .vaccination)
        let token = try CredentialIssuer(key: issuer).issue(document, now: now, lifetime: 86_400).token
        let tokens = String(repeating: token + "\n", count: 3_000)
        try tokens.write(toFile: folder + "/tokens.txt", atomically: true, encoding: .utf8)
        // How long an import of such a list runs undisturbed, on a store of its own: kills
        // are drawn within that time, so that they land while it runs however fast the build.
        let scratch = folder + "/scratch"
        #expect(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", scratch, folder + "/issuer.pub"]).status == 0)
        let firstList = RevocationList(issuer: issuer.publicKey.issuer, sequence: 1, issuedAt: Timestamps.epochSeconds(now), nextUpdate: Timestamps.epochSeconds(now) + 86_400, entries: entries)
        try Data(firstList.signed(by: issuer)).write(to: URL(fileURLWithPath: folder + "/list"))
        let started = Date()
        #expect(try Tool.medseal("medseal-verify", ["revocation", "import", "--trust", scratch, folder + "/list"]).status == 0)
        let listImport = Date().timeIntervalSince(started)

        var generator = SystemRandomNumberGenerator()
        var kills = [0, 0, 0]
        for round in 1...12 {
            let list = RevocationList(issuer: issuer.publicKey.issuer, sequence: Int64(round), issuedAt: Timestamps.epochSeconds(now), nextUpdate: Timestamps.epochSeconds(now) + 86_400, entries: entries)
            try Data(list.signed(by: issuer)).write(to: URL(fileURLWithPath: folder + "/list"))
            let keys = (0..<2_000).map { IssuerSigningKey(seed: Sodium.sha256(Array("kill \(round) \($0)".utf8)), issuer: "Bundle Issuer \($0)", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400), types: [.emergency]).publicKey }
            try Data(TrustBundle(sequence: Int64(round), issuedAt: Timestamps.epochSeconds(now), keys: keys).signed(by: root)).write(to: URL(fileURLWithPath: folder + "/bundle"))

            if try KillTests.killed(["revocation", "import", "--trust", store, folder + "/list"], after: Double.random(in: 0.0...min(0.25, listImport * 0.8), using: &generator)) { kills[0] += 1 }
            if try KillTests.killed(["trust", "import", "--trust", store, folder + "/bundle"], after: Double.random(in: 0.0...0.25, using: &generator)) { kills[1] += 1 }
            if try KillTests.killed(["batch", folder + "/tokens.txt", "--trust", store, "--out", folder + "/report.csv"], after: Double.random(in: 0.05...0.6, using: &generator)) { kills[2] += 1 }

            // After every kill: the store checks intact, the audit chain holds, and verifying works.
            let check = try Tool.medseal("medseal-verify", ["trust", "check", "--trust", store])
            #expect(check.status == 0, "round \(round): \(check.stdout) \(check.stderr)")
            let audit = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", store])
            // A batch killed before its first entries leaves no log, which is never "intact".
            let logged = FileManager.default.fileExists(atPath: store + "/audit.log")
            #expect(logged ? audit.status == 0 : audit.status == 4 && audit.stderr.contains("no audit log"), "round \(round): \(audit.stdout) \(audit.stderr)")
            let verified = try Tool.medseal("medseal-verify", ["--trust", store, "--json", token])
            #expect(verified.status == 0, "round \(round): \(verified.stdout)")
        }
        #expect(kills.allSatisfy { $0 >= 2 }, "kills that landed while the import or append ran: \(kills)")
        // Completed imports still succeed afterwards: the store was never left half-updated.
        #expect(try Tool.medseal("medseal-verify", ["revocation", "import", "--trust", store, folder + "/list"]).status == 0)
        #expect(try Tool.medseal("medseal-verify", ["trust", "import", "--trust", store, folder + "/bundle"]).status == 0)
        _ = try Tool.medseal("medseal-verify", ["batch", folder + "/tokens.txt", "--trust", store, "--out", folder + "/report.csv"])
        #expect(try Tool.medseal("medseal-verify", ["audit", "check", "--trust", store]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.contains(".tmp-") && !$0.hasPrefix(".audit") }
        #expect(leftovers.isEmpty, "temporary files of killed writers are cleared by the next change: \(leftovers)")
    }
}

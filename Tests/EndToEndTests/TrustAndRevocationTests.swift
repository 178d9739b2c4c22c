import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// The verifier's offline store through the real executables: roots, bundles, revocation
/// lists, supersession, the clock memory and damaged files.
@Suite("Trust and revocation end to end")
struct TrustAndRevocationTests {
    static let inputs = Tool.root + "/Templates/inputs"

    /// A root, two issuers (A, B) and a bundle of both, made with `medseal`.
    struct Authority {
        let folder: String
        var store: String { folder + "/store" }

        init() throws {
            folder = try Tool.temporaryFolder()
            for (name, extra) in [("root", ["--root"]), ("a", []), ("b", ["--types", "emergency"])] {
                let created = try Tool.medseal("medseal", ["key", "new", "--issuer", "Issuer \(name.uppercased())", "--out", "\(folder)/\(name)"] + extra)
                try #require(created.status == 0, "\(created.stderr)")
            }
            try FileManager.default.createDirectory(atPath: folder + "/issuers", withIntermediateDirectories: true)
            for name in ["a", "b"] { try FileManager.default.copyItem(atPath: "\(folder)/\(name)/issuer.pub", toPath: "\(folder)/issuers/\(name).pub") }
        }

        func medseal(_ arguments: [String]) throws -> Tool.Output { try Tool.medseal("medseal", arguments) }

        /// `medseal-verify` with no network at all (in a new network namespace).
        func verifier(_ arguments: [String]) throws -> Tool.Output { try Tool.offline("medseal-verify", arguments + ["--trust", store]) }

        func issue(_ type: String, _ issuer: String, _ base: String, _ extra: [String] = []) throws -> String {
            let issued = try medseal(["issue", type, "--key", "\(folder)/\(issuer)/issuer.key", "--in", "\(TrustAndRevocationTests.inputs)/\(type).json", "--out", "\(folder)/\(base)"] + extra)
            try #require(issued.status == 0, "\(issued.stderr)")
            return "\(folder)/\(base).token"
        }

        func verdict(_ token: String, _ extra: [String] = []) throws -> (status: Int32, report: [String: Any]) {
            let result = try verifier(["--json", "--file", token] + extra)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            return (result.status, report)
        }
    }

    @Test func offlineWorkflowFromKeysToRevokedVerdicts() throws {
        let authority = try Authority()
        let folder = authority.folder
        #expect(try authority.medseal(["bundle", "create", "--key", "\(folder)/root/root.key", "--issuers", "\(folder)/issuers", "--out", "\(folder)/1.bundle"]).status == 0)
        #expect(try authority.verifier(["trust", "add-root", "\(folder)/root/root.pub"]).status == 0)
        let imported = try authority.verifier(["trust", "import", "\(folder)/1.bundle"])
        #expect(imported.status == 0 && imported.stdout.contains("2 issuer key(s)"), "\(imported.stderr)")
        let again = try authority.verifier(["trust", "import", "\(folder)/1.bundle"])
        #expect(again.status == 0 && again.stdout.contains("already imported"))

        let first = try authority.issue("vaccination", "a", "first")
        let (fresh, report) = try authority.verdict(first)
        #expect(fresh == 0 && (report["warnings"] as? [[String: String]])?.first?["code"] == "no-revocation-list")
        // The command line words the repair the library named.
        let warning = (report["warnings"] as? [[String: String]])?.first?["message"] ?? ""
        #expect(warning.hasSuffix("(import one with 'medseal-verify revocation import FILE')"), "\(warning)")
        let noFolder = try Tool.offline("medseal-verify", ["--trust", "\(folder)/absent", "--file", first])
        #expect(noFolder.status == 2 && noFolder.stderr.contains("does not exist (give one with --trust DIR, or add a key with 'medseal-verify trust add FILE.pub')"), "\(noFolder.stderr)")

        // Re-issue with the previous credential superseded, and revoke a third one.
        let second = try authority.issue("vaccination", "a", "second", ["--supersedes", first, "--list", "\(folder)/a.list"])
        let third = try authority.issue("emergency", "a", "third")
        let revoked = try authority.medseal(["revoke", "--key", "\(folder)/a/issuer.key", "--list", "\(folder)/a.list", "--id", third, "--reason", "revoked"])
        #expect(revoked.status == 0 && revoked.stdout.contains("2 entries"), "\(revoked.stderr)")
        let listBytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.list"))
        for token in [first, third] {
            let id = try Tool.read(token).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!listBytes.contains(Data(id.utf8)), "the list must not hold tokens or ids")
        }
        #expect(try authority.verifier(["revocation", "import", "\(folder)/a.list"]).status == 0)

        let (supersededStatus, supersededReport) = try authority.verdict(first)
        #expect(supersededStatus == 1 && supersededReport["status"] as? String == "superseded")
        let (validStatus, validReport) = try authority.verdict(second)
        #expect(validStatus == 0 && (validReport["warnings"] as? [Any])?.isEmpty == true)
        let (revokedStatus, revokedReport) = try authority.verdict(third)
        #expect(revokedStatus == 1 && revokedReport["status"] as? String == "revoked")
        let text = try authority.verifier(["--file", third])
        #expect(text.stdout.contains("NOT VALID — Revoked by the issuer"))

        // A newer bundle without issuer B: B's credentials are no longer trusted; the older bundle is refused.
        let fromB = try authority.issue("emergency", "b", "from-b")
        #expect(try authority.verdict(fromB).status == 0)
        try FileManager.default.removeItem(atPath: "\(folder)/issuers/b.pub")
        try FileManager.default.copyItem(atPath: "\(folder)/1.bundle", toPath: "\(folder)/old.bundle")
        let created = try authority.medseal(["bundle", "create", "--key", "\(folder)/root/root.key", "--issuers", "\(folder)/issuers", "--out", "\(folder)/1.bundle"])
        #expect(created.stdout.contains("bundle #2"))
        #expect(try authority.verifier(["trust", "import", "\(folder)/1.bundle"]).status == 0)
        #expect(try authority.verdict(fromB).report["status"] as? String == "unknown-issuer")
        let older = try authority.verifier(["trust", "import", "\(folder)/old.bundle"])
        #expect(older.status == 1 && older.stderr.contains("rejected (not-newer)"))
        let listing = try authority.verifier(["trust", "list"])
        #expect(listing.stdout.contains("bundle #2") && listing.stdout.contains("Issuer A") && !listing.stdout.contains("Issuer B"))
        #expect(listing.stdout.contains("Revocation lists (1)"))
    }

    @Test func staleListsWarnOrFailByPolicy() throws {
        let authority = try Authority()
        let folder = authority.folder
        #expect(try authority.verifier(["trust", "add", "\(folder)/a/issuer.pub"]).status == 0)
        let token = try authority.issue("vaccination", "a", "token")
        #expect(try authority.medseal(["revoke", "--key", "\(folder)/a/issuer.key", "--list", "\(folder)/a.list", "--next-update", "1d"]).status == 0)
        #expect(try authority.verifier(["revocation", "import", "\(folder)/a.list"]).status == 0)
        let later = Timestamps.format(Date().addingTimeInterval(10 * 86_400))
        let (warned, report) = try authority.verdict(token, ["--at", later])
        #expect(warned == 0 && (report["warnings"] as? [[String: String]])?.first?["code"] == "stale-list")
        #expect(try authority.verdict(token, ["--at", later, "--require-fresh-lists"]).report["status"] as? String == "stale-list")
        #expect(try authority.verdict(token, ["--at", later, "--max-list-age", "5d"]).status == 1)
        #expect(try authority.verdict(token, ["--at", later, "--max-list-age", "30d"]).status == 0)
    }

    @Test func aClockSetBackIsNoticed() throws {
        let authority = try Authority()
        let folder = authority.folder
        #expect(try authority.verifier(["trust", "add", "\(folder)/a/issuer.pub"]).status == 0)
        let token = try authority.issue("emergency", "a", "token")
        // The store has seen a list signed two days from now: this computer's clock is behind.
        let key = try IssuerSigningKey.load(path: "\(folder)/a/issuer.key", role: .issuer)
        let future = Timestamps.epochSeconds(Date()) + 2 * 86_400
        let list = RevocationList(issuer: key.publicKey.issuer, sequence: 1, issuedAt: future, nextUpdate: future + 7 * 86_400)
        try Data(list.signed(by: key)).write(to: URL(fileURLWithPath: "\(folder)/future.list"))
        #expect(try authority.verifier(["revocation", "import", "\(folder)/future.list"]).status == 0)
        let (status, report) = try authority.verdict(token)
        #expect(status == 0 && (report["warnings"] as? [[String: String]])?.contains { $0["code"] == "clock-set-back" } == true)
        let strict = try authority.verdict(token, ["--strict-clock"])
        #expect(strict.status == 1 && strict.report["status"] as? String == "clock-set-back")
        #expect(try authority.verdict(token, ["--strict-clock", "--at", Timestamps.format(Date())]).status == 0, "--at verifies as of a chosen moment")
    }

    @Test func damagedStoreFilesAreReportedNotTrusted() throws {
        let authority = try Authority()
        let folder = authority.folder
        #expect(try authority.verifier(["trust", "add", "\(folder)/a/issuer.pub"]).status == 0)
        let token = try authority.issue("emergency", "a", "token")
        #expect(try authority.medseal(["revoke", "--key", "\(folder)/a/issuer.key", "--list", "\(folder)/a.list", "--id", "00112233"]).status == 0)
        #expect(try authority.verifier(["revocation", "import", "\(folder)/a.list"]).status == 0)
        #expect(try authority.verifier(["trust", "check"]).status == 0)

        let listFile = try #require(try FileManager.default.contentsOfDirectory(atPath: authority.store + "/revocation").first)
        let listPath = authority.store + "/revocation/" + listFile
        var listBytes = try Data(contentsOf: URL(fileURLWithPath: listPath))
        listBytes[listBytes.count - 3] ^= 0x40
        try listBytes.write(to: URL(fileURLWithPath: listPath))
        let damagedList = try authority.verifier(["--file", token])
        #expect(damagedList.status == 3 && damagedList.stdout.contains("damaged") && damagedList.stdout.contains("revocation import"))
        #expect(try authority.verifier(["trust", "check"]).status == 3)
        let repaired = try authority.verifier(["revocation", "import", "\(folder)/a.list"])
        #expect(repaired.status == 0 && repaired.stdout.contains("imported"), "importing the same list again repairs the store: \(repaired.stderr)")
        #expect(try authority.verifier(["--file", token]).status == 0)

        var index = try Data(contentsOf: URL(fileURLWithPath: authority.store + "/trust.index"))
        index[index.count - 5] ^= 0x01
        try index.write(to: URL(fileURLWithPath: authority.store + "/trust.index"))
        let damagedIndex = try authority.verifier(["--file", token])
        #expect(damagedIndex.status == 3 && damagedIndex.stderr.contains("trust.index is damaged"), "\(damagedIndex.stderr)")
        try index.prefix(20).write(to: URL(fileURLWithPath: authority.store + "/trust.index"))
        #expect(try authority.verifier(["--file", token]).status == 3)
    }

    @Test func removedKeysAreNoLongerTrustedAndConcurrentChangesAreKept() throws {
        let authority = try Authority()
        let folder = authority.folder
        // Eight verifiers add eight keys at once; the lock keeps every one.
        var keys = [String]()
        for index in 0..<8 {
            let created = try authority.medseal(["key", "new", "--issuer", "Clinic \(index)", "--out", "\(folder)/k\(index)"])
            keys.append(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try FileManager.default.createDirectory(atPath: authority.store, withIntermediateDirectories: true)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            _ = try? authority.verifier(["trust", "add", "\(folder)/k\(index)/issuer.pub"])
        }
        let listing = try authority.verifier(["trust", "list"]).stdout
        for kid in keys { #expect(listing.contains(kid)) }
        let token = try authority.issue("emergency", "k3", "token")
        #expect(try authority.verdict(token).status == 0)
        #expect(try authority.verifier(["trust", "remove", keys[3]]).status == 0)
        #expect(try authority.verdict(token).report["status"] as? String == "unknown-issuer")
        #expect(try authority.verifier(["trust", "remove", keys[3]]).status == 2)
    }
}

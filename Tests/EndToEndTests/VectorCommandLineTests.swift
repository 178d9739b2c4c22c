import Foundation
import Testing

/// Every conformance vector through the real executables: `trust add-root`, `trust import`
/// and `revocation import` build the store, then `medseal-verify` gives the verdict.
@Suite("Conformance vectors through medseal-verify")
struct VectorCommandLineTests {
    static let folder = Tool.root + "/Vectors"
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/cases")) ?? []).filter { $0.hasSuffix(".json") }.sorted()

    @Test(arguments: files)
    func verdictAndExitStatusMatch(file: String) throws {
        let vectors = VectorCommandLineTests.folder
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(vectors)/cases/\(file)"))) as! [String: Any]
        let expected = object["expected"] as! [String: Any]
        let store = try Tool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let trust = "\(vectors)/\(object["trust"] as! String)"
        for name in try FileManager.default.contentsOfDirectory(atPath: trust) where name.hasSuffix(".pub") {
            try FileManager.default.copyItem(atPath: "\(trust)/\(name)", toPath: "\(store)/\(name)")
        }
        for root in object["roots"] as? [String] ?? [] {
            let added = try Tool.medseal("medseal-verify", ["trust", "add-root", "--trust", store, "\(vectors)/\(root)"])
            try #require(added.status == 0, "\(added.stderr)")
        }
        for step in object["imports"] as? [[String: String]] ?? [] {
            let command = step["kind"] == "trust-bundle" ? ["trust", "import"] : ["revocation", "import"]
            let imported = try Tool.medseal("medseal-verify", command + ["--trust", store, "\(vectors)/\(step["file"]!)"])
            let outcome = step["expected"]!
            #expect(imported.status == (outcome == "accepted" ? 0 : outcome == "malformed" ? 2 : 1), "\(step["file"]!): \(imported.stderr)")
            if outcome != "accepted" { #expect(imported.stderr.contains("rejected (\(outcome))"), "\(imported.stderr)") }
        }
        let options = object["options"] as? [String: Any] ?? [:]
        var flags = [String]()
        if let age = options["maxListAge"] as? String { flags += ["--max-list-age", age] }
        if options["requireFreshLists"] as? Bool == true { flags.append("--require-fresh-lists") }
        if let audience = options["audience"] as? String { flags += ["--audience", audience] }
        if let nonce = options["nonce"] as? String { flags += ["--nonce", nonce] }
        if options["replay"] as? Bool == true {
            let first = try Tool.medseal("medseal-verify", ["--trust", store, "--at", object["at"] as! String] + flags + ["--", object["token"] as! String])
            #expect(first.status == 0, "the first verification of a replayed case: \(first.stdout)")
        }
        let result = try Tool.medseal("medseal-verify", ["--trust", store, "--at", object["at"] as! String, "--json"] + flags + ["--", object["token"] as! String])
        #expect(result.status == expected["exitStatus"] as! Int32)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(report["status"] as? String == expected["status"] as? String, "\(report["reasons"] ?? "")")
        #expect(report["valid"] as? Bool == expected["valid"] as? Bool)
        let warnings = (report["warnings"] as? [[String: String]] ?? []).map { $0["code"]! }
        #expect(warnings == expected["warnings"] as! [String])
        #expect(result.stderr.isEmpty)
    }
}

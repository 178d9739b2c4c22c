import Foundation
import Testing

/// Every conformance vector through the real `medseal-verify`: verdict and exit status.
@Suite("Conformance vectors through medseal-verify")
struct VectorCommandLineTests {
    static let folder = Tool.root + "/Vectors"
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/cases")) ?? []).filter { $0.hasSuffix(".json") }.sorted()

    @Test(arguments: files)
    func verdictAndExitStatusMatch(file: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(VectorCommandLineTests.folder)/cases/\(file)"))) as! [String: Any]
        let expected = object["expected"] as! [String: Any]
        let result = try Tool.medseal("medseal-verify", ["--trust", "\(VectorCommandLineTests.folder)/\(object["trust"] as! String)",
                                                         "--at", object["at"] as! String, "--json", "--", object["token"] as! String])
        #expect(result.status == expected["exitStatus"] as! Int32)
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(report["status"] as? String == expected["status"] as? String, "\(report["reasons"] ?? "")")
        #expect(report["valid"] as? Bool == expected["valid"] as? Bool)
        #expect(result.stderr.isEmpty)
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// One case of Vectors/cases, as read from its JSON file.
struct VectorCaseFile: CustomTestStringConvertible, Sendable {
    struct Import: Sendable {
        let kind: String
        let file: String
        let expected: String
    }

    let file: String
    let token: String
    let at: Date
    let trust: String
    let roots: [String]
    let imports: [Import]
    let maximumListAge: Int64?
    let requireFreshLists: Bool
    /// A presentation's required audience and challenge, and whether to verify once first.
    let audience: String?
    let nonce: String?
    let replay: Bool
    let status: String
    let valid: Bool
    let warnings: [String]
    var testDescription: String { file }

    static func all(folder: String) -> [VectorCaseFile] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/cases")) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().map { file in
            let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/cases/" + file))) as! [String: Any]
            let expected = object["expected"] as! [String: Any]
            let options = object["options"] as? [String: Any] ?? [:]
            let imports = (object["imports"] as? [[String: String]] ?? []).map { Import(kind: $0["kind"]!, file: $0["file"]!, expected: $0["expected"]!) }
            return VectorCaseFile(file: file, token: object["token"] as! String, at: Timestamps.parse(object["at"] as! String)!,
                                  trust: object["trust"] as! String, roots: object["roots"] as? [String] ?? [], imports: imports,
                                  maximumListAge: (options["maxListAge"] as? String).flatMap(Timestamps.parseDuration),
                                  requireFreshLists: options["requireFreshLists"] as? Bool ?? false,
                                  audience: options["audience"] as? String, nonce: options["nonce"] as? String, replay: options["replay"] as? Bool ?? false,
                                  status: expected["status"] as! String, valid: expected["valid"] as! Bool, warnings: expected["warnings"] as! [String])
        }
    }

    /// A new store folder holding a copy of the case's trust folder's `.pub` files.
    func makeStore(vectors: String) throws -> String {
        let folder = NSTemporaryDirectory() + "medseal-vector-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: vectors + "/" + trust) where name.hasSuffix(".pub") {
            try FileManager.default.copyItem(atPath: "\(vectors)/\(trust)/\(name)", toPath: "\(folder)/\(name)")
        }
        return folder
    }
}

/// Walks every case in Vectors/cases through the library: build the store, import, verify.
@Suite("Conformance vectors")
struct VectorTests {
    static let cases = VectorCaseFile.all(folder: TestPaths.vectors)

    @Test func thereAreEnoughCases() {
        #expect(VectorTests.cases.count >= 60)
        #expect(VectorTests.cases.contains { $0.valid } && VectorTests.cases.contains { !$0.valid })
        #expect(VectorTests.cases.contains { !$0.imports.isEmpty && $0.imports.contains { $0.expected != "accepted" } })
    }

    @Test(arguments: VectorTests.cases)
    func verdictMatches(_ vector: VectorCaseFile) throws {
        let folder = try vector.makeStore(vectors: TestPaths.vectors)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = VerifierStore(folder: folder)
        for root in vector.roots {
            _ = try store.addRoot(try IssuerKey(fileData: try FileStore.read(TestPaths.vectors + "/" + root), name: root))
        }
        for step in vector.imports {
            let bytes = [UInt8](try FileStore.read(TestPaths.vectors + "/" + step.file, limit: DecodingLimits.maximumRevocationFileBytes))
            var outcome = "accepted"
            do {
                _ = step.kind == "trust-bundle" ? try store.importBundle(bytes, now: vector.at) : try store.importRevocationList(bytes, now: vector.at)
            } catch let rejection as ImportRejection {
                outcome = rejection.reason.rawValue
            }
            #expect(outcome == step.expected, "import of \(step.file)")
        }
        let policies = Verifier.policies(revocations: RevocationLists(store: store), maximumListAge: vector.maximumListAge, requireFreshLists: vector.requireFreshLists)
        var context = VerificationContext(now: vector.at)
        context.audience = vector.audience
        context.nonce = vector.nonce
        let verifier = Verifier(trust: try store.trust(), policies: policies)
        let challenges = AnsweredChallenges(store: store)
        if vector.replay { #expect(challenges.answering(verifier.verify(vector.token, context: context), at: context).isValid) }
        let result = challenges.answering(verifier.verify(vector.token, context: context), at: context)
        #expect(result.status.rawValue == vector.status, "\(result.reasons)")
        #expect(result.isValid == vector.valid)
        #expect(result.warnings.map(\.status.rawValue) == vector.warnings, "\(result.warnings)")
    }
}

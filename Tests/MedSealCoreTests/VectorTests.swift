import Foundation
import Testing
@testable import MedSealCore

/// Walks every case in Vectors/cases through the library's verifier.
@Suite("Conformance vectors")
struct VectorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let token: String
        let at: Date
        let status: String
        let valid: Bool
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let folder = TestPaths.vectors + "/cases"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().map { file in
            let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))) as! [String: Any]
            let expected = object["expected"] as! [String: Any]
            return Case(file: file, token: object["token"] as! String, at: Timestamps.parse(object["at"] as! String)!,
                        status: expected["status"] as! String, valid: expected["valid"] as! Bool)
        }
    }()

    @Test func thereAreEnoughCases() {
        #expect(VectorTests.cases.count >= 30)
        #expect(VectorTests.cases.contains { $0.valid } && VectorTests.cases.contains { !$0.valid })
    }

    @Test(arguments: VectorTests.cases)
    func verdictMatches(_ vector: Case) throws {
        let trust = try TrustStore.load(folder: TestPaths.vectors + "/trust")
        let result = Verifier(trust: trust).verify(vector.token, context: VerificationContext(now: vector.at))
        #expect(result.status.rawValue == vector.status, "\(result.reasons)")
        #expect(result.isValid == vector.valid)
    }
}

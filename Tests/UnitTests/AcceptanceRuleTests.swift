import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Acceptance rules")
struct AcceptanceRuleTests {
    static let rules = TestPaths.templates + "/rules"

    static func record(_ doses: [(String, String)], born: String = "2015-09-30") throws -> CredentialDocument {
        let items = doses.enumerated().map { index, dose in
            """
            {"vaccine": {"system": "CVX", "code": "\(dose.0)"}, "lot": "L\(index)", "date": "\(dose.1)", "doseNumber": \(index + 1), "country": "FRA"}
            """
        }
        let json = #"{"patient": {"name": "Test Child", "birthDate": "\#(born)"}, "doses": [\#(items.joined(separator: ","))]}"#
        return try CredentialDocument.fromJSON(Data(json.utf8), type: .vaccination)
    }

    static func rule(_ name: String) throws -> AcceptanceRule { try AcceptanceRule.load(path: "\(rules)/\(name).json") }

    @Test func everyShippedRuleReads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: AcceptanceRuleTests.rules).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 3)
        for file in files { _ = try AcceptanceRule.load(path: "\(AcceptanceRuleTests.rules)/\(file)") }
    }

    @Test func schoolRuleCountsDosesAndAge() throws {
        let rule = try AcceptanceRuleTests.rule("school-entry-mmr")
        let day = FullDate("2026-09-01")!
        #expect(rule.evaluate(try AcceptanceRuleTests.record([("03", "2016-10-04"), ("94", "2019-06-11")]), on: day).isMet)
        let one = rule.evaluate(try AcceptanceRuleTests.record([("03", "2016-10-04"), ("37", "2019-06-11")]), on: day)
        #expect(one.shortfalls == [.doses(needed: 2, has: 1)])
        #expect(one.description.contains("needs 2 doses, has 1"))
        let adult = rule.evaluate(try AcceptanceRuleTests.record([("03", "1990-10-04"), ("03", "1992-06-11")], born: "1985-01-01"), on: day)
        #expect(adult.shortfalls == [.tooOld(maximumYears: 19, age: 41)])
        let future = rule.evaluate(try AcceptanceRuleTests.record([("03", "2016-10-04"), ("03", "2026-09-02")]), on: day)
        #expect(!future.isMet, "a dose after the check date does not count")
    }

    @Test func yellowFeverCountsFromTenDaysAfterTheDose() throws {
        let rule = try AcceptanceRuleTests.rule("travel-yellow-fever")
        let document = try AcceptanceRuleTests.record([("37", "2026-08-25")])
        #expect(rule.evaluate(document, on: FullDate("2026-08-30")!).shortfalls == [.tooRecent(validFrom: FullDate("2026-09-04")!)])
        #expect(rule.evaluate(document, on: FullDate("2026-09-04")!).isMet)
        #expect(rule.evaluate(document, on: FullDate("2056-09-04")!).isMet, "one dose protects for life")
    }

    @Test func covidRuleAcceptsEitherAlternativeWithinItsWindow() throws {
        let rule = try AcceptanceRuleTests.rule("covid-19-primary-series")
        let janssen = try AcceptanceRuleTests.record([("212", "2026-03-01")], born: "1980-01-01")
        #expect(rule.evaluate(janssen, on: FullDate("2026-04-01")!).isMet)
        #expect(rule.evaluate(janssen, on: FullDate("2026-03-10")!).shortfalls == [.tooRecent(validFrom: FullDate("2026-03-15")!)])
        #expect(rule.evaluate(janssen, on: FullDate("2027-03-01")!).shortfalls == [.tooLongAgo(lastDose: FullDate("2026-03-01")!, maximumDays: 270)])
        let oneMRNA = try AcceptanceRuleTests.record([("208", "2026-03-01")], born: "1980-01-01")
        #expect(rule.evaluate(oneMRNA, on: FullDate("2026-04-01")!).shortfalls == [.doses(needed: 2, has: 1)])
    }

    @Test func emergencyCardsDoNotMeetVaccinationRules() throws {
        let document = try CredentialDocument.read(path: TestPaths.templates + "/inputs/emergency.json", type: .emergency)
        #expect(try AcceptanceRuleTests.rule("school-entry-mmr").evaluate(document, on: FullDate("2026-01-01")!).shortfalls == [.notVaccination])
    }

    @Test(arguments: [
        (#"{"format": "medseal-acceptance-rule/1", "id": "x", "name": "X", "accept": [], "extra": 1}"#, "unknown field 'extra'"),
        (#"{"format": "medseal-acceptance-rule/1", "id": "x", "name": "X", "accept": []}"#, "accept must list"),
        (#"{"format": "other", "id": "x", "name": "X"}"#, "format must be"),
        (#"{"format": "medseal-acceptance-rule/1", "id": "x", "name": "X", "accept": [{"vaccines": [{"system": "CVX", "code": "03"}], "minimumDoses": true}]}"#, "minimumDoses"),
        (#"{"format": "medseal-acceptance-rule/1", "id": "x", "name": "X", "accept": [{"vaccines": [{"system": "Nope", "code": "03"}], "minimumDoses": 1}]}"#, "known system"),
        (#"{"format": "medseal-acceptance-rule/1", "id": "x", "name": "X", "accept": [{"vaccines": [{"system": "CVX", "code": "03"}], "minimumDoses": 1}], "age": {"minimumYears": -1}}"#, "age.minimumYears"),
        ("[1, 2]", "not a rule file"),
        ("{\n  \"format\": \"medseal-acceptance-rule/1\",\n  \"id\": \"x\"\n  \"name\": \"X\"\n}",
         "rule.json: not valid JSON at line 4, column 3: expected ',' or '}' in the object opened at line 1, column 1, found '\"'"),
    ])
    func badRuleFilesNameTheProblem(json: String, expected: String) {
        #expect(throws: UserError.self) { try AcceptanceRule(fileData: Data(json.utf8), name: "rule.json") }
        do { _ = try AcceptanceRule(fileData: Data(json.utf8), name: "rule.json") } catch { #expect(error.message.contains(expected), "\(error.message)") }
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel

/// CertLogic against the specification's own suites (copied unchanged into
/// `Vectors/interop/certlogic/`): the evaluator test suite (60 cases, 232 assertions, 4 marked
/// skip upstream), the validation suite (23 cases), and the EU template and NL rules with their tests.
@Suite("CertLogic (EU DCC business rules)")
struct CertLogicTests {
    static let folder = InteropFixtures.vectors + "/certlogic"

    static func json(_ path: String) throws -> LogicValue { try LogicValue(json: [UInt8](InteropFixtures.data(path))) }

    static func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
    }

    static func member(_ value: LogicValue, _ name: String) -> LogicValue? {
        guard case .object(let members) = value else { return nil }
        return members[name]
    }

    @Test func everyAssertionOfTheEvaluatorTestSuitePasses() throws {
        var passed = 0, skipped = 0, failures = [String]()
        for file in CertLogicTests.files(CertLogicTests.folder + "/specification/testSuite") {
            let suite = try CertLogicTests.json(file)
            guard case .array(let cases)? = CertLogicTests.member(suite, "cases") else { Issue.record("\(file): no cases"); continue }
            for testCase in cases {
                guard case .array(let assertions)? = CertLogicTests.member(testCase, "assertions") else { continue }
                for assertion in assertions {
                    if CertLogicTests.member(assertion, "directive") == .string("skip") || CertLogicTests.member(testCase, "directive") == .string("skip") {
                        skipped += 1
                        continue
                    }
                    let expression = CertLogicTests.member(assertion, "certLogicExpression") ?? CertLogicTests.member(testCase, "certLogicExpression") ?? .null
                    let data = CertLogicTests.member(assertion, "data") ?? .null
                    let expected = CertLogicTests.member(assertion, "expected") ?? .null
                    do {
                        let result = try CertLogic.evaluate(expression, data: data)
                        if result == expected { passed += 1 } else { failures.append("\(URL(fileURLWithPath: file).lastPathComponent): \(expression.json) on \(data.json) gave \(result.json), expected \(expected.json)") }
                    } catch {
                        failures.append("\(URL(fileURLWithPath: file).lastPathComponent): \(expression.json) on \(data.json) threw \(error)")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed == 228 && skipped == 4, "passed \(passed), skipped \(skipped)")
    }

    @Test func everyCaseOfTheValidationSuitePasses() throws {
        var cases = 0
        for file in CertLogicTests.files(CertLogicTests.folder + "/specification/validation-testSuite") {
            guard case .array(let items)? = CertLogicTests.member(try CertLogicTests.json(file), "cases") else { continue }
            for item in items {
                cases += 1
                let expression = CertLogicTests.member(item, "certLogicExpression") ?? .null
                guard case .array(let issues)? = CertLogicTests.member(item, "issues") else { continue }
                let expected = issues.compactMap { issue -> String? in
                    guard case .string(let message)? = CertLogicTests.member(issue, "message") else { return nil }
                    return message
                }
                let found = CertLogicValidator.issues(expression)
                #expect(found.map(\.message) == expected, "\(expression.json)")
                for (issue, wanted) in zip(found, issues) { #expect(issue.expression == CertLogicTests.member(wanted, "expr")) }
            }
        }
        #expect(cases == 23)
    }

    @Test func theEUTemplateAndNLRulesPassTheirTests() throws {
        var run = 0, skipped = 0, failures = [String]()
        for country in ["EU", "NL"] {
            let folder = CertLogicTests.folder + "/rules/" + country
            for rule in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                let gatewayRule = try CertLogicTests.json("\(folder)/\(rule)/rule.json")
                guard let logic = CertLogicTests.member(gatewayRule, "Logic"), case .string(let from)? = CertLogicTests.member(gatewayRule, "ValidFrom"),
                      case .string(let to)? = CertLogicTests.member(gatewayRule, "ValidTo"), let start = LogicDateTime.parse(from), let end = LogicDateTime.parse(to) else {
                    Issue.record("\(rule): not a Gateway rule")
                    continue
                }
                #expect(CertLogicValidator.issues(logic).isEmpty, "\(rule) validates")
                for test in CertLogicTests.files("\(folder)/\(rule)/tests") {
                    let object = try CertLogicTests.json(test)
                    let external = CertLogicTests.member(object, "external") ?? .null
                    // As the upstream runner: a test whose clock lies outside the rule's validity is skipped.
                    if case .string(let clock)? = CertLogicTests.member(external, "validationClock"), let time = LogicDateTime.parse(clock), !(start..<end).contains(time) {
                        skipped += 1
                        continue
                    }
                    run += 1
                    let data = LogicValue.object(["payload": CertLogicTests.member(object, "payload") ?? .null, "external": external])
                    let expected = CertLogicTests.member(object, "expected") ?? .null
                    do {
                        let result = try CertLogic.evaluate(logic, data: data)
                        if result != expected { failures.append("\(rule) \(URL(fileURLWithPath: test).lastPathComponent): \(result.json), expected \(expected.json)") }
                    } catch {
                        failures.append("\(rule) \(URL(fileURLWithPath: test).lastPathComponent): threw \(error)")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(run + skipped == 105 && run > 90, "ran \(run), skipped \(skipped)")
    }

    @Test func plusTimeFollowsJavaScriptDates() throws {
        func plus(_ text: String, _ amount: Int64, _ unit: LogicDateTime.Unit) -> String? { LogicDateTime.parse(text).map { LogicDateTime.text(LogicDateTime.adding(amount, unit, to: $0)) } }
        #expect(plus("2020-02-29", 1, .day) == "2020-03-01T00:00:00.000Z")
        #expect(plus("2020-02-29", 1, .month) == "2020-03-29T00:00:00.000Z")
        #expect(plus("2020-02-29", 1, .year) == "2021-03-01T00:00:00.000Z")
        #expect(plus("2021-01-31", 1, .month) == "2021-03-03T00:00:00.000Z")
        #expect(plus("2021-06-01T00:00:00+02:00", 0, .hour) == "2021-05-31T22:00:00.000Z")
        #expect(plus("2021-06-01T10:20:30.123456-0530", 0, .hour) == "2021-06-01T15:50:30.123Z")
        #expect(plus("2021-06-01T10:20:30+1", 0, .hour) == "2021-06-01T09:20:30.000Z")
        #expect(plus("2004", 0, .day) == "2004-12-31T00:00:00.000Z")
        #expect(plus("2004-02", 0, .day) == "2004-02-29T00:00:00.000Z")
        #expect(plus("1969-12-31T23:59:59Z", -1, .year) == "1968-12-31T23:59:59.000Z")
        for bad in ["", "21-06-01", "2021-13", "2021-06-01T25:00:00", "2021-06-01T10:20", "2021-06-01 10:20:30", "2021-06-01T10:20:30+", "2021-06-01T10:20:30Zx"] {
            #expect(LogicDateTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aRuleThatWouldRunForeverIsRefused() throws {
        // A reduce inside a reduce over 2,000 items: four million steps, refused at one million.
        let items = LogicValue.array((0..<2_000).map { .integer(Int64($0)) })
        let inner = LogicValue.object(["reduce": .array([.object(["var": .string("data.list")]), .object(["+": .array([.object(["var": .string("accumulator")]), .integer(1)])]), .integer(0)])])
        let outer = LogicValue.object(["reduce": .array([.object(["var": .string("list")]), inner, .integer(0)])])
        #expect(throws: CertLogic.EvaluationError.self) { try CertLogic.evaluate(outer, data: .object(["list": items])) }
        // Within the budget it works: one reduce over the same list.
        let sum = LogicValue.object(["reduce": .array([.object(["var": .string("list")]), .object(["+": .array([.object(["var": .string("accumulator")]), .object(["var": .string("current")])])]), .integer(0)])])
        #expect(try CertLogic.evaluate(sum, data: .object(["list": items])) == .integer(1_999_000))
    }
}

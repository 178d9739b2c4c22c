import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Input documents")
struct DocumentInputTests {
    static func vaccination(_ mutate: (inout [String: Any]) -> Void) -> Data {
        var object = try! JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestPaths.templates + "/inputs/vaccination.json"))) as! [String: Any]
        mutate(&object)
        return try! JSONSerialization.data(withJSONObject: object)
    }

    static func message(_ data: Data, _ type: CredentialType = .vaccination) -> String? {
        do {
            _ = try CredentialDocument.fromJSON(data, type: type)
            return nil
        } catch {
            return error.description
        }
    }

    static func setDose(_ index: Int, _ key: String, _ value: Any?) -> (inout [String: Any]) -> Void {
        { object in
            var doses = object["doses"] as! [[String: Any]]
            doses[index][key] = value
            object["doses"] = doses
        }
    }

    @Test func templatesAreValidInputs() throws {
        for type in CredentialType.allCases {
            let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.templates + "/inputs/\(type.rawValue).json"))
            #expect(DocumentInputTests.message(data, type) == nil)
        }
    }

    @Test(arguments: [
        ("date", #""2019-02-30""#, "doses[1].date: '2019-02-30' is not a date: month 2 of 2019 has 28 days"),
        ("date", #""2020-02-30""#, "doses[1].date: '2020-02-30' is not a date: month 2 of 2020 has 29 days"),
        ("date", #""2019-13-01""#, "doses[1].date: '2019-13-01' is not a date: there is no month 13"),
        ("date", #""0000-01-01""#, "doses[1].date: '0000-01-01' is not a date: years start at 0001"),
        ("date", #""11/06/2019""#, "doses[1].date: '11/06/2019' is not a date (expected YYYY-MM-DD)"),
        ("date", #""2019-06-1\u0000""#, "doses[1].date: not a date (expected YYYY-MM-DD)"),
        ("date", "20190611", "doses[1].date: expected text, found integer"),
        ("doseNumber", "0", "doses[1].doseNumber: must be from 1 to 20"),
        ("country", #""UK""#, "doses[1].country: not an ISO 3166-1 alpha-3 code"),
        ("lot", #""  ""#, "doses[1].lot: must not be empty"),
        ("lott", #""A1""#, "doses[1].lott: unknown field"),
        ("lot", nil, "doses[1].lot: missing (required)"),
    ] as [(String, String?, String)])
    func namesTheFieldAndTheProblem(key: String, json: String?, expected: String) throws {
        let value = try json.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        let data = DocumentInputTests.vaccination(DocumentInputTests.setDose(1, key, value))
        let message = try #require(DocumentInputTests.message(data))
        #expect(message.hasPrefix(expected), "\(message)")
    }

    /// Every misspelt field is named, with the field it was probably meant to be among those
    /// the record lacks; a value outside a fixed set names the set.
    @Test func misspeltFieldsAreAllNamedWithTheirLikelyMeaning() throws {
        func message(_ json: String) -> String? { DocumentInputTests.message(Data(json.utf8), .emergency) }
        let patient = #""patient": {"name": "A B", "birthDate": "1990-01-01"}"#
        #expect(message("{\(patient), \"allergy\": [], \"medications\": [{\"name\": \"W\", \"doze\": \"5 mg\"}], \"BloodType\": \"A+\", \"zzz\": 1}")
                == "BloodType: unknown field (did you mean 'bloodType'?); also: allergy: unknown field (did you mean 'allergies'?); zzz: unknown field; medications[0].doze: unknown field (did you mean 'dose'?)")
        // A field that is present is not suggested for another.
        #expect(message("{\(patient), \"allergies\": [], \"allergys\": []}") == "allergys: unknown field")
        #expect(message("{\(patient), \"allergies\": [{\"substance\": \"P\", \"severity\": \"HIGH\"}]}") == "allergies[0].severity: must be low or high, not 'HIGH'")
        #expect(NearestName.editDistance("kitten", "sitting") == 3 && NearestName.editDistance("", "abc") == 3 && NearestName.editDistance("trsut", "trust") == 1)
        // A required field misspelt: the missing one and the misspelling are one problem, named from both sides.
        #expect(message("{\(patient), \"allergies\": [{\"substnce\": \"Penicillin\", \"severity\": \"high\"}]}")
                == "allergies[0].substance: missing (required); also: allergies[0].substnce: unknown field (did you mean 'substance'?)")
    }

    @Test func refusesVaccineSystemsOtherThanCVXSNOMEDOrICD11() throws {
        let data = DocumentInputTests.vaccination(DocumentInputTests.setDose(0, "vaccine", ["system": "ATC", "code": "J07BD52"]))
        #expect(DocumentInputTests.message(data)?.hasPrefix("doses[0].vaccine.system: must be CVX, SNOMED CT or ICD-11") == true)
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let data = DocumentInputTests.vaccination { object in
            DocumentInputTests.setDose(0, "doseNumber", 0)(&object)
            DocumentInputTests.setDose(1, "country", "xx")(&object)
        }
        let message = try #require(DocumentInputTests.message(data))
        #expect(message.contains("doses[0].doseNumber") && message.contains("doses[1].country"))
    }

    /// Decoding stops at a problem; the input is mended and read again, so a bad date, a
    /// misspelt required field, a bad value in a fixed set and a bad phone number, in four
    /// sections, are all reported in one message, in document order, and nothing the mending
    /// caused is reported.
    @Test func decodingProblemsAndFieldChecksAreReportedTogether() throws {
        let json = """
        {"patient": {"name": "Ana Ruiz", "birthDate": "1980-02-30"},
         "allergies": [{"substnce": "Penicilina", "severity": "high"}, {"substance": "Látex", "severity": "low"}],
         "bloodType": "Q+",
         "contacts": [{"name": "José", "relation": "Esposo", "phone": "llamar"}]}
        """
        let message = try #require(DocumentInputTests.message(Data(json.utf8), .emergency))
        #expect(message == "patient.birthDate: '1980-02-30' is not a date: month 2 of 1980 has 29 days; also: allergies[0].substance: missing (required); "
                + "allergies[0].substnce: unknown field (did you mean 'substance'?); bloodType: must be one of A+ A- B+ B- AB+ AB- O+ O-; "
                + "contacts[0].phone: not a phone number (digits, spaces, + - ( ) only)", "\(message)")
        // Two bad doses: a bad date in the first, a wrong type in the second; the second dose keeps its index.
        let doses = DocumentInputTests.vaccination { object in
            DocumentInputTests.setDose(0, "date", "2021-13-45")(&object)
            DocumentInputTests.setDose(1, "vaccine", "MMR")(&object)
        }
        let second = try #require(DocumentInputTests.message(doses))
        #expect(second.hasPrefix("doses[0].date: '2021-13-45' is not a date: there is no month 13; also: doses[1].vaccine: expected an object"), "\(second)")
        #expect(!second.contains("doses: "))
    }

    /// Thirty doses with the same two mistakes give two problems, with the doses' indices, not
    /// fifty; and past ten problems the rest are counted.
    @Test func theSameProblemInManyEntriesIsSaidOnce() throws {
        let data = DocumentInputTests.vaccination { object in
            var doses = object["doses"] as! [[String: Any]]
            doses = (0..<30).map { index in
                var dose = doses[0]
                dose["doseNumber"] = index + 1
                dose["seriesDoses"] = index == 25 ? 2 : 30
                return dose
            }
            object["doses"] = doses
        }
        #expect(DocumentInputTests.message(data) == "doses[0-24, 26-29].seriesDoses: must be from 1 to 20; also: doses[20-29].doseNumber: must be from 1 to 20")
        var checks = FieldChecks()
        for index in 0..<12 { checks.require(false, "field\(index)", "wrong") }
        checks.require(false, "list[4].name", "wrong")
        checks.require(false, "list[7].name", "wrong")
        #expect(throws: FieldError(path: "field0", "wrong; also: field1: wrong; field2: wrong; field3: wrong; field4: wrong; field5: wrong; field6: wrong; field7: wrong; field8: wrong; field9: wrong; and 3 more problems")) {
            try checks.throwIfAny()
        }
        #expect(FieldChecks.grouped(checks.problems).last?.description == "list[4, 7].name: wrong")
    }

    @Test func refusesInvalidJSONAndWrongShapes() {
        #expect(DocumentInputTests.message(Data("{\"patient\": ".utf8))?.hasPrefix("not valid JSON") == true)
        #expect(DocumentInputTests.message(Data("[]".utf8)) == "expected an object, found array")
        #expect(DocumentInputTests.message(Data("{\"patient\":{\"name\":\"A\",\"birthDate\":\"2000-01-01\"},\"doses\":[]}".utf8)) == "doses: must list at least one dose")
    }

    @Test func emergencyListsDistinguishNotRecordedFromNoneKnown() throws {
        let json = #"{"patient":{"name":"A B","birthDate":"1990-01-01"},"allergies":[]}"#
        let document = try CredentialDocument.fromJSON(Data(json.utf8), type: .emergency)
        let lines = DocumentText.lines(document)
        #expect(lines.contains("Allergies: none known"))
        #expect(lines.contains("Medications: not recorded"))
    }

    /// The emergency profile lists critical facts first and the rest below them. A list whose
    /// every item is critical must not be summed up below as "none known".
    @Test func theEmergencyProfileNeverSaysNoneKnownOfWhatItShowsAsCritical() throws {
        func lines(_ allergies: String, _ medications: String) throws -> [String] {
            let json = #"{"patient":{"name":"A B","birthDate":"1990-01-01"},"allergies":\#(allergies),"medications":\#(medications)}"#
            return DocumentText.lines(try CredentialDocument.fromJSON(Data(json.utf8), type: .emergency), profile: .emergency)
        }
        let allCritical = try lines(#"[{"substance":"Penicillin","severity":"high"}]"#, #"[{"name":"Warfarin"}]"#)
        #expect(allCritical.contains("  ! Severe allergy: Penicillin") && allCritical.contains("  ! Anticoagulant: Warfarin"), "\(allCritical)")
        #expect(!allCritical.contains { $0.contains("Allergies") || $0.contains("Medications") }, "\(allCritical)")
        let mixed = try lines(#"[{"substance":"Penicillin","severity":"high"},{"substance":"Latex"}]"#, #"[{"name":"Warfarin"},{"name":"Metformin"}]"#)
        #expect(mixed.contains("  Allergies:") && mixed.contains("    - Latex") && !mixed.contains("    - Penicillin"), "\(mixed)")
        #expect(mixed.contains("  Medications:") && mixed.contains("    - Metformin") && !mixed.contains("    - Warfarin"), "\(mixed)")
        let none = try lines("[]", "null")
        #expect(none.contains("  Allergies: none known") && none.contains("  Medications: not recorded"), "\(none)")
    }

    @Test func compactFormRoundTripsAndIsSmallerThanJSON() throws {
        for type in CredentialType.allCases {
            let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.templates + "/inputs/\(type.rawValue).json"))
            let document = try CredentialDocument.fromJSON(data, type: type)
            let compact = CBORWriter.encode(document.cbor)
            #expect(try CredentialDocument.fromCompact(compact, type: type) == document)
            #expect(compact.count < document.json().count * 2 / 3)
        }
    }

    @Test func numericCodesTravelAsIntegersAndLeadingZerosStayText() throws {
        let snomed = Coding(system: .snomed, code: "764146007")
        #expect(snomed.cbor[.int(2)] == .unsigned(764_146_007))
        let cvx = Coding(system: .cvx, code: "03")
        #expect(cvx.cbor[.int(2)] == .text("03"))
        var cursor = CBORCursor(CBORWriter.encode(.map([CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(2), .text("123"))])), layer: "document")
        #expect(throws: FormatError("document", "numeric code 123 must be encoded as an integer", at: 4, field: "code")) { try Coding(compact: &cursor) }
        // "0" has a leading zero: text is its one encoding, and the integer 0 is refused.
        #expect(Coding(system: .snomed, code: "0").cbor[.int(2)] == .text("0"))
        cursor = CBORCursor(CBORWriter.encode(.map([CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(2), .unsigned(0))])), layer: "document")
        #expect(throws: FormatError("document", "code 0 must be encoded as text", at: 4, field: "code")) { try Coding(compact: &cursor) }
    }

    @Test func integerCodesReadBackInTheirDecimalSpelling() throws {
        var random = SystemRandomNumberGenerator()
        var numbers: [UInt64] = [1, 9, 10, 99, 100, 764_146_007, 999_999_999_999_999_999, 1_000_000_000_000_000_000, UInt64(Int64.max), UInt64.max - 1, UInt64.max]
        numbers += (0..<2_000).map { _ in UInt64.random(in: 1...UInt64.max, using: &random) >> UInt64.random(in: 0...63, using: &random) | 1 }
        for number in numbers {
            #expect(Coding.decimal(number) == String(number))
            var cursor = CBORCursor(CBORWriter.encode(.map([CBORMapEntry(.int(1), .int(1)), CBORMapEntry(.int(2), .unsigned(number))])), layer: "document")
            #expect(try Coding(compact: &cursor).code == String(number))
        }
    }

    @Test func fullDatesConvertBothWays() {
        for text in ["1970-01-01", "1969-12-31", "2000-02-29", "1900-03-01", "2026-11-21", "0001-01-01"] {
            let date = FullDate(text)!
            #expect(FullDate(daysSinceEpoch: date.daysSinceEpoch) == date)
            #expect(date.description == text)
        }
        #expect(FullDate("2026-11-21")!.daysSinceEpoch == 20_778)
        #expect(FullDate("1900-02-29") == nil)
    }
}

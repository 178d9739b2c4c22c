import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
@testable import MedSealInterop
import Testing

/// Acceptance rules and profiles apply to other systems' credentials as to MedSeal's own.
@Suite("Rules and profiles for SMART Health Cards and EU DCCs")
struct InteropRuleTests {
    static let rule = InteropFixtures.root + "/Templates/rules/covid-19-primary-series.json"

    /// A store trusting one DCC case's certificate, and that case's QR text.
    static func dcc(_ name: String) throws -> (VerifierStore, String) {
        let object = try #require(try JSONSerialization.jsonObject(with: InteropFixtures.data(InteropFixtures.vectors + "/dcc/" + name)) as? [String: Any])
        let der = try #require(((object["TESTCTX"] as? [String: Any])?["CERTIFICATE"] as? String).flatMap { Data(base64Encoded: $0) })
        let folder = try InteropFixtures.temporaryFolder()
        try der.write(to: URL(fileURLWithPath: folder + "/signer.der"))
        let store = VerifierStore(folder: folder + "/store")
        _ = try DCCImport.run(store: store, folder: folder, adding: false)
        return (store, try #require(object["PREFIX"] as? String))
    }

    static func verifier(_ store: VerifierStore) throws -> CredentialVerifier {
        var base = Verifier(trust: try store.trust(), policies: Verifier.policies(revocations: RevocationLists(store: store)))
        base.rules = [try AcceptanceRule.load(path: rule)]
        return CredentialVerifier(medseal: base, store: store)
    }

    @Test func aDCCMeetsTheCovidRuleByItsEUProductCode() throws {
        let (store, prefix) = try Self.dcc("DE/2DCode/raw/1.json")   // Spikevax, dose 2 of 2, 2021-05-29
        let verifier = try Self.verifier(store)
        let met = verifier.verify(prefix, context: VerificationContext(now: Timestamps.parse("2021-06-20T12:00:00Z")!))
        #expect(met.isValid && met.ruleOutcomes.first?.isMet == true, "\(met.reasons) \(met.ruleOutcomes)")
        let early = verifier.verify(prefix, context: VerificationContext(now: Timestamps.parse("2021-06-01T18:00:00Z")!))
        #expect(early.status == .ruleNotMet && early.ruleOutcomes.first?.shortfalls == [.tooRecent(validFrom: FullDate("2021-06-12")!)], "\(early.ruleOutcomes)")
    }

    @Test func aDCCTestCertificateIsNotAVaccinationProof() throws {
        let (store, prefix) = try Self.dcc("common/2DCode/raw/CO12.json")
        let result = try Self.verifier(store).verify(prefix, context: VerificationContext(now: Timestamps.parse("2021-05-03T18:00:00Z")!))
        #expect(result.credential?.claims.document.kind == .testResult)
        #expect(result.ruleOutcomes.first?.shortfalls == [.notVaccination])
    }

    @Test func aSmartHealthCardIsCheckedAgainstTheRuleByItsCVXCodes() throws {
        let verifier = try Self.verifier(InteropFixtures.shcStore())
        let text = try InteropFixtures.read(InteropFixtures.shc + "/example-00-d-jws.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let result = verifier.verify(text, context: VerificationContext(now: Timestamps.parse("2023-07-01T00:00:00Z")!))
        // Two CVX 207 doses in January 2021: the series was completed more than 270 days before.
        #expect(result.status == .ruleNotMet && result.ruleOutcomes.first?.shortfalls == [.tooLongAgo(lastDose: FullDate("2021-01-29")!, maximumDays: 270)])
    }

    @Test func theCheckpointProfileShowsOnlyNameAndBirthDate() throws {
        let (store, prefix) = try Self.dcc("DE/2DCode/raw/1.json")
        let context = VerificationContext(now: Timestamps.parse("2021-06-01T18:00:00Z")!)
        let result = try InteropFixtures.verifier(store).verify(prefix, context: context)
        let object = VerificationReport.object(result, at: context, profile: .checkpoint)
        let document = try #require(object["document"] as? [String: Any])
        #expect(Set(document.keys) == ["patient"] && (object["credentialId"] is NSNull))
        let lines = VerdictText(Phrases(.de), now: context.nowSeconds).details(result, profile: .checkpoint)
        #expect(lines == ["Patient/in:  Erika Mustermann, geboren am 12. August 1964"])
    }

    @Test func partialBirthDatesMeanEveryDayTheyCover() {
        #expect(Holder(name: "", birthDate: "1964-08-12").birthDateRange == FullDate("1964-08-12")!...FullDate("1964-08-12")!)
        #expect(Holder(name: "", birthDate: "1964-02").birthDateRange == FullDate("1964-02-01")!...FullDate("1964-02-29")!)
        #expect(Holder(name: "", birthDate: "1964").birthDateRange == FullDate("1964-01-01")!...FullDate("1964-12-31")!)
        for bad in ["", "64", "1964-8", "1964-13", "1964-08-", "1964-08-12T10:00", "abcd"] {
            #expect(Holder(name: "", birthDate: bad).birthDateRange == nil, "\(bad)")
        }
    }
}

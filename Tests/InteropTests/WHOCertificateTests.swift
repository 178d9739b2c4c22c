import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealInterop

/// WHO Digital Vaccination Certificates (HCERT, claim −260 → −6): the GDHCN validator's three
/// samples decode to what their `*Unpacked.json` files say.
@Suite("WHO certificates in HCERT")
struct WHOCertificateTests {
    static let folder = InteropFixtures.vectors + "/who-hcert"

    @Test(arguments: ["DVCTestQR", "DVCTest2QR", "DVCTest3QR"])
    func eachSampleDecodesToItsUnpackedContents(_ name: String) throws {
        let text = try InteropFixtures.read("\(WHOCertificateTests.folder)/\(name).txt").trimmingCharacters(in: .whitespacesAndNewlines)
        let unpacked = try JSONSerialization.jsonObject(with: InteropFixtures.data("\(WHOCertificateTests.folder)/\(name)Unpacked.json")) as! [String: Any]
        let contents = unpacked["contents"] as! [String: Any]
        let dvc = (contents["-260"] as! [String: Any])["-6"] as! [String: Any]
        let vaccination = dvc["v"] as! [String: Any]
        let message = try DCCMessage(decoding: DCCText.message(text))
        let payload = try DCCPayload(decoding: message.payload)
        #expect(payload.scheme == "WHO DVC" && payload.country == contents["1"] as? String && payload.issuedAt == (contents["6"] as? NSNumber)?.int64Value)
        #expect(payload.record.kind == .vaccination && payload.record.holder.name == dvc["n"] as? String && payload.record.holder.birthDate == dvc["dob"] as? String)
        let dose = try #require(payload.record.doses.first)
        #expect(dose.date.description == vaccination["dt"] as? String && dose.vaccine.code == vaccination["vp"] as? String && dose.lot == vaccination["bo"] as? String)
        #expect(dose.manufacturer == vaccination["ma"] as? String)
    }

    @Test func doseWordsAndDiseasesReadAsCertificatesWriteThem() {
        #expect(WHOVaccinationCertificate.number("Primary") == 1 && WHOVaccinationCertificate.number("secondDose") == 2 && WHOVaccinationCertificate.number("3") == 3)
        #expect(WHOVaccinationCertificate.diseases["1D47"] == "Yellow fever" && WHOVaccinationCertificate.diseases["RA01"] == "COVID-19")
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealInterop

/// EU DCC revocation hashes against the worked examples of `Vectors/interop/dcc-revocation/`
/// (three certificates: DE recovery and vaccination signed ES256, LT vaccination signed PS256).
@Suite("EU DCC revocation hashes")
struct DCCRevocationTests {
    @Test func theThreeHashesOfEachWorkedExampleMatch() throws {
        let samples = try JSONSerialization.jsonObject(with: InteropFixtures.data(InteropFixtures.vectors + "/dcc-revocation/RevocationCalculationSampleData.json")) as! [[String: String]]
        #expect(samples.count == 3)
        for sample in samples {
            let message = try DCCMessage(decoding: DCCText.message(try #require(sample["barcodeData"])))
            let payload = try DCCPayload(decoding: message.payload)
            let hashes = DCCRevocation.hashes(certificateID: payload.record.certificateID, country: payload.country, signature: message.signature,
                                              algorithm: message.claimedAlgorithm)
            let byType = Dictionary(uniqueKeysWithValues: hashes.map { ($0.0, ByteText.hex($0.1)) })
            #expect(byType[.uci] == sample["expUCI"], "\(sample["description"]!) UCI")
            #expect(byType[.countryCodeUCI] == sample["expCOUNTRYCODEUCI"], "\(sample["description"]!) COUNTRYCODEUCI")
            #expect(byType[.signature] == sample["expSIGNATURE"], "\(sample["description"]!) SIGNATURE")
        }
    }

    @Test func batchesReadBase64AndHexAndRefuseWhatIsNotAHash() throws {
        let base64 = Data((0..<16).map { UInt8($0) }).base64EncodedString()
        let batch = try DCCRevocation.Batch(LogicValue(json: Array(#"{"kid": "AAECAwQFBgc=", "hashType": "signature", "entries": [{"hash": "\#(base64)"}, "423bd0a847634ce8dea5dd5e9400f287"], "expires": "2030-01-01T00:00:00Z"}"#.utf8)), name: "b")
        #expect(batch.type == .signature && batch.hashes.count == 2 && batch.hashes[1] == ByteText.bytes(hex: "423bd0a847634ce8dea5dd5e9400f287"))
        #expect(batch.expires == 1_893_456_000)
        #expect(throws: FormatError.self) { try DCCRevocation.Batch(LogicValue(json: Array(#"{"kid": "AAE=", "hashType": "UCI", "entries": ["abcd"]}"#.utf8)), name: "b") }
        #expect(throws: FormatError.self) { try DCCRevocation.Batch(LogicValue(json: Array(#"{"kid": "AAE=", "hashType": "NAME", "entries": []}"#.utf8)), name: "b") }
    }
}

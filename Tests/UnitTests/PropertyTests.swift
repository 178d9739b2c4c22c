import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Properties that must hold for any input: random documents survive the round trip through
/// a token exactly, and no single-bit change of a token's bytes is ever accepted.
@Suite("Properties")
struct PropertyTests {
    /// A small deterministic generator (SplitMix64), so that a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ limit: Int) -> Int { Int(next() % UInt64(limit)) }
    }

    /// Text edge cases: combining marks, emoji (with joiners and skin tones), right-to-left,
    /// CJK, Greek, a NUL-free control-free but long string.
    static let pieces = ["e\u{301}", "👩🏽‍⚕️", "مرحبا", "שלום", "王小明", "Αλέξανδρος", "Ñandú", "O'Brien-Smith", "&<>\"", " ", "a", "Zoë", "ß", "İ", "\u{200F}x"]

    static func text(_ random: inout Generator, minimum: Int = 1) -> String {
        var text = ""
        for _ in 0..<(minimum + random.below(6)) { text += pieces[random.below(pieces.count)] }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "x" : trimmed
    }

    static func document(_ random: inout Generator) throws -> CredentialDocument {
        let patient: [String: Any] = ["name": text(&random), "birthDate": "19\(50 + random.below(49))-0\(1 + random.below(9))-1\(random.below(9))"]
        if random.below(2) == 0 {
            var record: [String: Any] = ["patient": patient]
            record["allergies"] = (0..<random.below(5)).map { _ in ["substance": text(&random), "severity": random.below(2) == 0 ? "high" : "low"] }
            record["medications"] = (0..<random.below(6)).map { _ in ["name": text(&random), "dose": text(&random)] }
            record["contacts"] = (0..<random.below(3)).map { _ in ["name": text(&random), "phone": "+\(random.below(99)) \(100_000 + random.below(899_999))"] }
            if random.below(2) == 0 { record["notes"] = String(String(repeating: text(&random), count: 1 + random.below(40)).prefix(400)) }
            return try CredentialDocument.fromJSON(JSONSerialization.data(withJSONObject: record), type: .emergency)
        }
        let doses = (0..<(1 + random.below(4))).map { index -> [String: Any] in
            ["vaccine": ["system": "CVX", "code": String(random.below(300))], "lot": text(&random), "date": "2020-0\(1 + index)-15",
             "doseNumber": index + 1, "country": ["FRA", "DEU", "BRA", "JPN"][random.below(4)], "product": text(&random)]
        }
        return try CredentialDocument.fromJSON(JSONSerialization.data(withJSONObject: ["patient": patient, "doses": doses]), type: .vaccination)
    }

    @Test func randomDocumentsRoundTripExactly() throws {
        var random = Generator(state: 20_261_121)
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: "Property Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400))
        let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))
        for round in 0..<300 {
            let document = try PropertyTests.document(&random)
            let issued = try CredentialIssuer(key: key).issue(document, now: now, lifetime: 3_600)
            let result = verifier.verify(issued.token, context: VerificationContext(now: now))
            #expect(result.isValid && result.credential?.claims.document == document, "round \(round): \(result.reasons)")
            let again = try CredentialDocument.fromJSON(document.json(), type: try #require(document.type))
            #expect(again == document, "round \(round): JSON round trip")
        }
    }

    @Test(arguments: [true, false])
    func everySingleBitFlipOfATokenIsRejected(compressed: Bool) throws {
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: "Bit Flip Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400))
        let document = try CredentialDocument.read(path: TestPaths.templates + "/inputs/vaccination.json", type: .vaccination)
        let claims = try CredentialIssuer(key: key).issue(document, now: now, lifetime: 3_600).claims
        let token = CredentialIssuer(key: key).sign(payload: CBORWriter.encode(claims.cbor), allowCompression: compressed)
        let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))
        let context = VerificationContext(now: now)
        #expect(verifier.verify(token, context: context).isValid)
        let body = try Base45.decode(token.dropFirst(4))
        var flipped = 0
        for byte in body.indices {
            for bit in 0..<8 {
                var changed = body
                changed[byte] ^= 1 << bit
                let result = verifier.verify("MS1:" + Base45.encode(changed), context: context)
                if result.isValid { Issue.record("bit \(bit) of byte \(byte) flipped and still accepted") }
                flipped += 1
            }
        }
        #expect(flipped == body.count * 8)
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Issuing and verifying tokens")
struct TokenTests {
    static let now = Date()
    static let key = IssuerSigningKey.generate(issuer: "MedSeal Demo Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400))
    static let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))

    static func sample(_ type: CredentialType) throws -> CredentialDocument {
        try CredentialDocument.fromJSON(Data(contentsOf: URL(fileURLWithPath: TestPaths.templates + "/inputs/\(type.rawValue).json")), type: type)
    }

    @Test(arguments: CredentialType.allCases)
    func issuedTokensVerifyAndCarryTheDocument(type: CredentialType) throws {
        let document = try TokenTests.sample(type)
        let issued = try CredentialIssuer(key: TokenTests.key).issue(document, now: TokenTests.now, lifetime: 86_400 * 365)
        #expect(issued.token.hasPrefix("MS1:"))
        #expect(issued.token.utf8.allSatisfy { Base45.alphabet.contains($0) })
        let result = TokenTests.verifier.verify(issued.token)
        #expect(result.isValid, "\(result.reasons)")
        #expect(result.credential?.claims.document == document)
        #expect(result.credential?.claims.credentialID == issued.claims.credentialID)
    }

    /// Two trusted entries for one key may differ in what they allow: each is tried in turn,
    /// the first that passes wins, and when none does the verdict is the first one's.
    @Test func everyEntryOfAKeyIsTriedAndTheFirstThatPassesWins() throws {
        let issued = try CredentialIssuer(key: TokenTests.key).issue(TokenTests.sample(.emergency), now: TokenTests.now, lifetime: 86_400 * 365)
        var vaccinationOnly = TokenTests.key.publicKey, emergencyOnly = TokenTests.key.publicKey
        vaccinationOnly.types = [.vaccination]
        emergencyOnly.types = [.emergency]
        let passed = Verifier(trust: TrustStore(keys: [vaccinationOnly, emergencyOnly])).verify(issued.token)
        #expect(passed.isValid, "\(passed.reasons)")
        #expect(passed.credential?.key == emergencyOnly)
        #expect(passed.credential?.claims == issued.claims)

        var expired = emergencyOnly
        expired.notAfter = TokenTests.now.addingTimeInterval(-86_400)
        let failed = Verifier(trust: TrustStore(keys: [vaccinationOnly, expired])).verify(issued.token)
        #expect(!failed.isValid)
        #expect(failed.credential?.key == vaccinationOnly)
        #expect(failed.credential?.claims == issued.claims)
        #expect(failed.reasons.map(\.status) == Verifier(trust: TrustStore(keys: [vaccinationOnly])).verify(issued.token).reasons.map(\.status))
    }

    /// The header's `alg` is compared as a number in place; only the exact integer agrees.
    @Test func theHeaderClaimsAnAlgorithmOnlyByItsExactNumber() {
        func message(alg: CBOR?) -> COSESign1 {
            var message = COSESign1(algorithm: .edDSA, kid: [1, 2, 3, 4, 5, 6, 7, 8], payload: [0xA0])
            var entries = [CBORMapEntry(.int(4), .bytes([1, 2, 3, 4, 5, 6, 7, 8]))]
            if let alg { entries.append(CBORMapEntry(.int(1), alg)) }
            message.protectedHeader = .map(entries)
            return message
        }
        #expect(message(alg: .int(-8)).claimsAlgorithm(.edDSA))
        #expect(!message(alg: .int(-8)).claimsAlgorithm(.es256))
        #expect(message(alg: .int(-7)).claimsAlgorithm(.es256))
        #expect(message(alg: .int(-37)).claimsAlgorithm(.ps256))
        // 7 is not -8 (the negative encoding of -8 carries 7), nor is text or no alg at all.
        for other: CBOR? in [.int(7), .int(8), .unsigned(UInt64.max), .negative(UInt64.max), .text("-8"), .text("EdDSA"), nil] {
            #expect(!message(alg: other).claimsAlgorithm(.edDSA), "\(String(describing: other))")
            #expect(!message(alg: other).claimsAlgorithm(.es256), "\(String(describing: other))")
        }
    }

    /// The size goals of the foundation issue, on the sample inputs.
    @Test(arguments: [(CredentialType.vaccination, 12), (.emergency, 18)])
    func samplesFitTheirQRVersionGoalsAtQ(type: CredentialType, maximumVersion: Int) throws {
        let issued = try CredentialIssuer(key: TokenTests.key).issue(TokenTests.sample(type), now: TokenTests.now, lifetime: 86_400 * 365)
        let code = try QRCode(alphanumeric: issued.token, errorCorrection: .quartile)
        #expect(code.version <= maximumVersion, "\(type) needs version \(code.version)")
    }

    /// The prefix may come in either case and inside spaces, tabs and line breaks (a
    /// scanner's habits); any other change to it is refused, each with its own message.
    @Test func thePrefixIsReadInEitherCaseAndNothingElse() throws {
        let issued = try CredentialIssuer(key: TokenTests.key).issue(TokenTests.sample(.vaccination), now: TokenTests.now, lifetime: 86_400)
        let body = issued.token.dropFirst(4)
        for accepted in ["MS1:", "ms1:", "Ms1:", "mS1:"] {
            #expect(TokenTests.verifier.verify(" \t" + accepted + body + "\r\n").isValid, "\(accepted)")
        }
        // Bit 5 cleared, as a careless case fold would do, turns '1' into U+0011 and ':' into U+001A.
        // The refused texts go on with digits: the random body may hold a ':' early, which would
        // make its start read as some other prefix and change the message.
        let refusedBody = "00000000" + body
        for (refused, message) in [("MS\u{11}\u{1A}", "the text does not start with MS1:"), ("MS2:", "'MS2:' is not a MedSeal token prefix (expected MS1:)"),
                                   ("MS1", "the text does not start with MS1:"), ("M", "the text does not start with MS1:")] {
            #expect(throws: FormatError.self, "\(refused)") { try TokenCodec.decode(refused + refusedBody) }
            do { _ = try TokenCodec.decode(refused + refusedBody) } catch { #expect(error.description.contains(message), "\(error)") }
        }
        #expect(TokenTests.verifier.verify(" \u{A0}" + issued.token).status == .malformed, "a no-break space is not trimmed")
    }

    /// A keyboard-wedge scanner typing into a computer with Caps Lock on sends every letter
    /// small: the token reads as it was issued. One small letter among capitals is refused,
    /// saying so.
    @Test(arguments: CredentialType.allCases)
    func aTokenTypedWithCapsLockOnVerifies(type: CredentialType) throws {
        let issued = try CredentialIssuer(key: TokenTests.key).issue(TokenTests.sample(type), now: TokenTests.now, lifetime: 86_400)
        let typed = issued.token.lowercased()
        #expect(typed.hasPrefix("ms1:") && typed != issued.token)
        let result = TokenTests.verifier.verify(typed + "\r\n")
        #expect(result.isValid, "\(result.reasons)")
        #expect(result.credential?.claims.document == TokenTests.verifier.verify(issued.token).credential?.claims.document)
        var characters = Array(issued.token)
        let letter = try #require(characters.indices.dropFirst(4).first { characters[$0].isUppercase })
        characters[letter] = Character(characters[letter].lowercased())
        let mixed = TokenTests.verifier.verify(String(characters))
        #expect(mixed.status == .malformed)
        #expect(throws: FormatError("Base45", "small and capital letters mixed: Base45 letters are capitals, and only text whose letters are all small (typed with Caps Lock on) is read",
                                    at: letter - 4)) { try TokenCodec.decode(String(characters)) }
    }

    @Test func everySingleCharacterChangeIsRejected() throws {
        let issued = try CredentialIssuer(key: TokenTests.key).issue(TokenTests.sample(.vaccination), now: TokenTests.now, lifetime: 86_400)
        var characters = Array(issued.token)
        for index in 4..<characters.count {
            let original = characters[index]
            characters[index] = original == "0" ? "1" : "0"
            #expect(!TokenTests.verifier.verify(String(characters)).isValid, "change at \(index) accepted")
            characters[index] = original
        }
    }

    @Test func refusesToSignWithAKeyOutsideItsWindowOrType() throws {
        let document = try TokenTests.sample(.vaccination)
        let expiredKey = IssuerSigningKey.generate(issuer: "Old", notBefore: TokenTests.now.addingTimeInterval(-200), notAfter: TokenTests.now.addingTimeInterval(-100))
        #expect(throws: UserError.self) { try CredentialIssuer(key: expiredKey).issue(document, lifetime: 60) }
        let emergencyOnly = IssuerSigningKey.generate(issuer: "E", notBefore: TokenTests.now.addingTimeInterval(-60), notAfter: TokenTests.now.addingTimeInterval(600), types: [.emergency])
        #expect(throws: UserError.self) { try CredentialIssuer(key: emergencyOnly).issue(document, lifetime: 60) }
    }

    /// A credential that would outlive its key's window would be refused by every verifier
    /// from the window's end on, so the card's printed expiry would be false: it is refused
    /// with the longest lifetime that fits.
    @Test func refusesAnExpiryAfterTheKeysWindowEnds() throws {
        let now = Timestamps.parse("2026-01-01")!
        let key = IssuerSigningKey.generate(issuer: "Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(10 * 86_400 + 3_600))
        let issuer = CredentialIssuer(key: key), document = try TokenTests.sample(.vaccination)
        let fits = try issuer.issue(document, now: now, lifetime: 10 * 86_400 + 3_600)
        #expect(fits.claims.expiresAt == Timestamps.epochSeconds(key.publicKey.notAfter))
        let expected = UserError(.input, "the credential would expire after this key's window ends (2026-01-11T01:00:00Z), and verifiers stop accepting it then: make it expire in 10d or less, or sign with a newer key")
        #expect(throws: expected) { try issuer.issue(document, now: now, lifetime: 10 * 86_400 + 3_601) }
        #expect(throws: expected) { try issuer.issue(document, now: now, lifetime: .max) }
        // Valid from a later moment: the room left is counted from there.
        #expect(throws: UserError(.input, "the credential would expire after this key's window ends (2026-01-11T01:00:00Z), and verifiers stop accepting it then: make it expire in 5d or less, or sign with a newer key")) {
            try issuer.issue(document, now: now, lifetime: 6 * 86_400, notBefore: now.addingTimeInterval(5 * 86_400))
        }
        #expect(throws: UserError(.input, "the credential would expire after this key's window ends (2026-01-11T01:00:00Z), and verifiers stop accepting it then: sign with a newer key")) {
            try issuer.issue(document, now: now, lifetime: 60, notBefore: now.addingTimeInterval(20 * 86_400))
        }
    }

    /// Issued "on 2019-01-01" (by a key valid then, so that the key's window is not what
    /// refuses), a record with doses in 2016 and 2019-06-11 is refused for the second dose,
    /// and a birth date after that day for the birth date.
    @Test func refusesDatesInTheFuture() throws {
        let then = Timestamps.parse("2019-01-01")!
        let key = IssuerSigningKey.generate(issuer: "Clinic of 2019", notBefore: then.addingTimeInterval(-86_400), notAfter: then.addingTimeInterval(86_400))
        let issuer = CredentialIssuer(key: key)
        #expect(throws: UserError(.input, "doses[1].date: 2019-06-11 is in the future (today is 2019-01-01)")) {
            try issuer.issue(TokenTests.sample(.vaccination), now: then, lifetime: 60)
        }
        guard case .vaccination(var record) = try TokenTests.sample(.vaccination) else { Issue.record("not a vaccination record"); return }
        record.doses.removeLast()
        #expect(try issuer.issue(.vaccination(record), now: then, lifetime: 60).token.hasPrefix("MS1:"), "the 2016 dose alone is in the past")
        record.patient.birthDate = FullDate(year: 2019, month: 1, day: 2)!
        #expect(throws: UserError(.input, "patient.birthDate: 2019-01-02 is in the future (today is 2019-01-01)")) {
            try issuer.issue(.vaccination(record), now: then, lifetime: 60)
        }
    }

    @Test func keyFilesRoundTripAndDetectEdits() throws {
        let key = TokenTests.key
        let reread = try IssuerSigningKey(fileData: key.fileData, name: "k")
        #expect(reread.publicKey == key.publicKey)
        #expect(try IssuerKey(fileData: key.publicKey.fileData, name: "p") == key.publicKey)
        let edited = String(decoding: key.publicKey.fileData, as: UTF8.self).replacingOccurrences(of: key.publicKey.kidHex, with: "0000000000000000")
        #expect(throws: UserError.self) { try IssuerKey(fileData: Data(edited.utf8), name: "p") }
        #expect(!String(decoding: key.publicKey.fileData, as: UTF8.self).contains("seed"))
    }

    @Test func pngOfAQRCodeIsWellFormed() throws {
        let code = try QRCode(alphanumeric: "MS1:HELLO", errorCorrection: .quartile)
        let png = [UInt8](PNGEncoder.encode(code, scale: 2))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let side = (code.size + 8) * 2
        #expect(Array(png[16..<24]) == [0, 0, 0, UInt8(side), 0, 0, 0, UInt8(side)])
        #expect(Array(png.suffix(8).prefix(4)) == Array("IEND".utf8))
    }
}

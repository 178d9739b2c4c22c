import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
@testable import MedSealInterop
import MedSealCLI
import Testing

/// The SMART Health Card examples 00–03 give their documented verdicts, in every form a
/// card travels in (QR text, PNG, JWS, file), and the rules of the specification hold on
/// cases the examples do not show.
@Suite("SMART Health Cards")
struct SHCExampleTests {
    static let shc = InteropFixtures.shc
    /// A moment after every example was issued and before example 03 expired.
    static let beforeExpiry = VerificationContext(now: Timestamps.parse("2023-07-01T00:00:00Z")!)

    static func text(_ example: String, _ part: String) throws -> String {
        try InteropFixtures.read(shc + "/example-\(example)-\(part)").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: ["00", "01"])
    func validInEveryForm(_ example: String) throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let forms = [
            try Self.text(example, "f-qr-code-numeric-value-0.txt"),
            try Self.text(example, "d-jws.txt"),
            try Self.text(example, "e-file.smart-health-card"),
            try TokenImage.read(path: Self.shc + "/derived-png/example-\(example)-g-qr-code-0.png"),
        ]
        for form in forms {
            for context in [Self.beforeExpiry, VerificationContext()] {
                let result = verifier.verify(form, context: context)
                #expect(result.isValid, "\(example): \(result.reasons)")
                #expect(result.credential?.format == .smartHealthCard)
                guard case .interop(let record)? = result.credential?.claims.document else { Issue.record("no record"); continue }
                #expect(record.kind == .vaccination && record.doses.count == 3 && record.holder.name == "John B. Anyperson" && record.holder.birthDate == "1951-01-20")
                #expect(record.doses.map(\.vaccine.code) == ["207", "207", "229"] && record.doses.map(\.doseNumber) == [1, 2, 3])
                #expect(result.credential?.claims.expiresAt == nil)
            }
        }
    }

    @Test func example01WarnsAboutItsExpiredCertificateChain() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let result = verifier.verify(try Self.text("01", "d-jws.txt"), context: Self.beforeExpiry)
        #expect(result.isValid)
        #expect(result.warnings.contains { $0.status == .keyNotValid && $0.message.contains("x5c") })
        let plain = verifier.verify(try Self.text("00", "d-jws.txt"), context: Self.beforeExpiry)
        #expect(!plain.warnings.contains { $0.status == .keyNotValid })
    }

    /// A whole card written with a chunk header (`shc:/1/1/…`, as the SMART validator's own
    /// test data has it) reads as the card it is; a card of one chunk cannot be part 2.
    @Test func aWholeCardWithAChunkHeaderReads() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let plain = try Self.text("00", "f-qr-code-numeric-value-0.txt")
        let headed = "shc:/1/1/" + plain.dropFirst(SHCText.prefix.count)
        let result = verifier.verify(headed, context: Self.beforeExpiry)
        #expect(result.isValid, "\(result.reasons)")
        #expect(verifier.verify("shc:/2/1/" + plain.dropFirst(SHCText.prefix.count), context: Self.beforeExpiry).status == .malformed)
    }

    /// A signature written DER-encoded (as the SMART validator's test data has one) is refused,
    /// and the verdict says so instead of calling the card forged.
    @Test func aDEREncodedSignatureIsRefusedAndNamed() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let parts = try Self.text("00", "d-jws.txt").split(separator: ".").map(String.init)
        let raw = try #require(ByteText.bytes(base64url: parts[2]))
        func integer(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop(while: { $0 == 0 }))
            if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
            return [0x02, UInt8(value.count)] + value
        }
        let body = integer(raw[0..<32]) + integer(raw[32..<64])
        let der = [0x30, UInt8(body.count)] + body
        let result = verifier.verify(parts[0] + "." + parts[1] + "." + ByteText.base64url(der), context: Self.beforeExpiry)
        #expect(result.status == .badSignature && result.reasons[0].message.contains("DER-encoded"), "\(result.reasons)")
    }

    @Test func chunksJoinInAnyOrder() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let chunks = try (0..<3).map { try Self.text("02", "f-qr-code-numeric-value-\($0).txt") }
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            let result = verifier.verify(order.map { chunks[$0] }.joined(separator: "\n"), context: Self.beforeExpiry)
            #expect(result.isValid, "order \(order): \(result.reasons)")
            guard case .interop(let record)? = result.credential?.claims.document else { continue }
            #expect(record.kind == .testResult && record.tests.count == 51)
        }
        // Separated by Windows line ends, tabs or spaces, as a pasted text may be.
        for separator in ["\r\n", "\t", "  "] {
            let result = verifier.verify(chunks.joined(separator: separator), context: Self.beforeExpiry)
            #expect(result.isValid, "separated by \(Array(separator.unicodeScalars)): \(result.reasons)")
        }
        // The three PNGs as one picture's codes, and as separate texts.
        let pictures = try (0..<3).map { try TokenImage.read(path: Self.shc + "/derived-png/example-02-g-qr-code-\($0).png") }
        #expect(verifier.verify(pictures.reversed().joined(separator: " "), context: Self.beforeExpiry).isValid)
        let missing = verifier.verify(chunks[2] + "\n" + chunks[0], context: Self.beforeExpiry)
        #expect(missing.status == .malformed && missing.reasons[0].message.contains("chunk 2 of 3 missing"))
        let repeated = verifier.verify([chunks[0], chunks[0], chunks[1], chunks[2]].joined(separator: "\n"), context: Self.beforeExpiry)
        #expect(repeated.isValid)
        var altered = chunks[1]
        altered.removeLast(2)
        altered += "00"
        let conflicting = verifier.verify([chunks[0], chunks[1], altered, chunks[2]].joined(separator: "\n"), context: Self.beforeExpiry)
        #expect(conflicting.status == .malformed)
    }

    @Test func example03IsRevokedAndLaterExpired() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let qr = try Self.text("03", "f-qr-code-numeric-value-0.txt")
        let before = verifier.verify(qr, context: Self.beforeExpiry)
        #expect(before.status == .revoked && before.reasons.count == 1, "\(before.reasons)")
        let now = verifier.verify(qr, context: VerificationContext())
        #expect(Set(now.reasons.map(\.status)) == [.revoked, .expired])
        #expect(now.exitStatus == 1)
        // Without the CRL the card is not known to be revoked, and the verifier says it cannot tell.
        let published = try InteropFixtures.data(Self.shc + "/issuer/.well-known/jwks.json")
        let blind = try InteropFixtures.verifier(InteropFixtures.shcStore(withCRL: false, jwks: published)).verify(qr, context: Self.beforeExpiry)
        #expect(blind.isValid && blind.warnings.contains { $0.status == .noRevocationList })
        // Where lists are required, the same policy that fails a MedSeal token without its
        // issuer's list fails the card: the format reports, the policy decides.
        let blindStore = try InteropFixtures.shcStore(withCRL: false, jwks: published)
        let strict = CredentialVerifier(medseal: Verifier(trust: try blindStore.trust(), policies: Verifier.policies(revocations: RevocationLists(store: blindStore), requireFreshLists: true)),
                                        store: blindStore).verify(qr, context: Self.beforeExpiry)
        #expect(strict.status == .noRevocationList && strict.reasons.count == 1, "\(strict.reasons)")
        // The library names the repair; only the command line words it as a command.
        #expect(strict.reasons[0].remedy == .importSHCIssuer && !strict.reasons[0].message.contains("medseal"))
        let worded = strict.withHints().reasons[0]
        #expect(worded.message.hasSuffix("(import it with 'medseal-verify trust import-shc ISS JWKS CRL')") && worded.remedy == nil, "\(worded.message)")
        #expect(worded.status == .noRevocationList && worded.severity == strict.reasons[0].severity)
    }

    @Test func ridTimestampRevokesOnlyEarlierCards() {
        let list = SHCRevocationList(kid: "k", ctr: 1, entries: ["abc": Optional(Int64(1_000)), "def": Optional<Int64>.none])
        #expect(list.revokes(rid: "abc", notBefore: 999.5))
        #expect(!list.revokes(rid: "abc", notBefore: 1_000))
        #expect(!list.revokes(rid: "abc", notBefore: 1_000.25))
        #expect(list.revokes(rid: "def", notBefore: 5_000_000))
        #expect(!list.revokes(rid: "xyz", notBefore: 1))
    }

    @Test func aCRLOlderThanTheKeySaysIsReported() throws {
        var jwks = try InteropFixtures.read(InteropFixtures.shc + "/issuer/.well-known/jwks.json")
        jwks = jwks.replacingOccurrences(of: "\"crlVersion\": 1", with: "\"crlVersion\": 2")
        #expect(jwks.contains("\"crlVersion\": 2"))
        let store = try InteropFixtures.shcStore(jwks: Data(jwks.utf8))
        let result = try InteropFixtures.verifier(store).verify(try Self.text("00", "d-jws.txt"), context: Self.beforeExpiry)
        #expect(result.isValid && result.warnings.contains { $0.status == .staleList })
        // A CRL older than the stored one is refused; the same one again is accepted.
        let older = try InteropFixtures.read(InteropFixtures.shcCRL).replacingOccurrences(of: "\"ctr\": 1", with: "\"ctr\": 0")
        #expect(throws: ImportRejection.self) {
            _ = try SHCImport.run(store: store, issuer: InteropFixtures.shcIssuer, jwks: Data(jwks.utf8), crls: [("old.json", Data(older.utf8))])
        }
        let newer = try InteropFixtures.read(InteropFixtures.shcCRL).replacingOccurrences(of: "\"ctr\": 1", with: "\"ctr\": 2")
        _ = try SHCImport.run(store: store, issuer: InteropFixtures.shcIssuer, jwks: Data(jwks.utf8), crls: [("new.json", Data(newer.utf8))])
        let fresh = try InteropFixtures.verifier(store).verify(try Self.text("00", "d-jws.txt"), context: Self.beforeExpiry)
        #expect(fresh.isValid && fresh.warnings.isEmpty)
    }

    @Test func keysAreLookedUpOnlyAmongTheClaimedIssuers() throws {
        let store = VerifierStore(folder: try InteropFixtures.temporaryFolder())
        _ = try SHCImport.run(store: store, issuer: "https://other.example/issuer", jwks: InteropFixtures.data(InteropFixtures.shc + "/issuer.jwks.public.json"), crls: [])
        let result = try InteropFixtures.verifier(store).verify(try Self.text("00", "d-jws.txt"), context: Self.beforeExpiry)
        #expect(result.status == .unknownIssuer && result.reasons[0].message.contains("spec.smarthealth.cards"))
    }

    @Test func theEncryptionKeyNeverVerifies() throws {
        var notes = [String]()
        let keys = try SHCImport.readKeys(InteropFixtures.data(InteropFixtures.shc + "/issuer.jwks.public.json"), notes: &notes)
        #expect(keys.count == 2 && !keys.contains { $0.kid.hasPrefix("7rIUtD5K") })
        #expect(notes.count == 1 && notes[0].contains("enc"))
        // A card naming the enc key's kid finds no key.
        let jws = try Self.text("00", "d-jws.txt")
        let parts = jws.split(separator: ".")
        let header = ByteText.base64url(Array(#"{"zip":"DEF","alg":"ES256","kid":"7rIUtD5K5Izrptr3ywgESTxhgJtJSeb06V42hg7WUDs"}"#.utf8))
        let result = try InteropFixtures.verifier(InteropFixtures.shcStore()).verify([header, String(parts[1]), String(parts[2])].joined(separator: "."), context: Self.beforeExpiry)
        #expect(result.status == .unknownIssuer)
    }

    @Test func aKidThatIsNotItsThumbprintIsRefused() throws {
        let jwks = try InteropFixtures.read(InteropFixtures.shc + "/issuer/.well-known/jwks.json")
            .replacingOccurrences(of: "\"kid\": \"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s\"", with: "\"kid\": \"not-the-thumbprint\"")
        var notes = [String]()
        let keys = try SHCImport.readKeys(Data(jwks.utf8), notes: &notes)
        #expect(keys.count == 1 && notes.contains { $0.contains("thumbprint") })
    }

    @Test func changedCardsAreRejected() throws {
        let verifier = try InteropFixtures.verifier(InteropFixtures.shcStore())
        let jws = try Self.text("00", "d-jws.txt")
        var parts = jws.split(separator: ".").map(String.init)
        // Another payload under the same signature.
        parts[1] = try Self.text("03", "d-jws.txt").split(separator: ".")[1].description
        #expect(verifier.verify(parts.joined(separator: "."), context: Self.beforeExpiry).status == .badSignature)
        // Another algorithm in the header.
        let header = ByteText.base64url(Array(#"{"zip":"DEF","alg":"ES384","kid":"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"}"#.utf8))
        let jwsParts = jws.split(separator: ".")
        #expect(verifier.verify([header, String(jwsParts[1]), String(jwsParts[2])].joined(separator: "."), context: Self.beforeExpiry).status == .algorithmMismatch)
        // A header naming alg twice, which two JSON parsers could read differently (RFC 7515 §5.2).
        let twice = ByteText.base64url(Array(#"{"zip":"DEF","alg":"ES256","kid":"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s","alg":"none"}"#.utf8))
        let duplicate = verifier.verify([twice, String(jwsParts[1]), String(jwsParts[2])].joined(separator: "."), context: Self.beforeExpiry)
        #expect(duplicate.status == .malformed && duplicate.reasons.first?.message.contains("'alg' is given twice") == true, "\(duplicate.reasons)")
        // Every single-digit change of the QR text is refused (as unreadable or not genuine).
        let qr = Array(try Self.text("00", "f-qr-code-numeric-value-0.txt"))
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var changed = qr
            let index = Int.random(in: 5..<qr.count, using: &random)
            let digit = Character(String((Int(String(qr[index]))! + Int.random(in: 1...9, using: &random)) % 10))
            changed[index] = digit
            let result = verifier.verify(String(changed), context: Self.beforeExpiry)
            #expect(!result.isValid, "changed digit \(index)")
        }
    }

    @Test(arguments: [
        "shc:/", "shc:/5", "shc:/9999", "shc:/56x2", "shc:/0/3/5676", "shc:/4/3/5676", "shc:/1/99/5676", "shc:/1/3",
        "eyJ.eyJ.sig", "eyJhbGciOiJFUzI1NiJ9.AAAA.AAAA", "{\"verifiableCredential\": []}", "{", "{\"verifiableCredential\": [5]}",
    ])
    func badInputGetsOneClearMessage(_ text: String) throws {
        let result = try InteropFixtures.verifier(InteropFixtures.shcStore()).verify(text, context: Self.beforeExpiry)
        #expect(result.status == .malformed && result.exitStatus == 2 && !result.reasons[0].message.isEmpty, "\(result.reasons)")
    }

    @Test func theNumericPartNamesItsFirstBadCharacter() throws {
        #expect(throws: FormatError("numeric", "character 3 of the numeric part is not a digit", at: 2)) { try SHCText.credentials("shc:/56x2") }
        #expect(throws: FormatError("numeric", "character 2 of the numeric part is not a digit", at: 1)) { try SHCText.credentials("shc:/5:") }
        #expect(throws: FormatError("numeric", "digit pair 99 is above 77 (not a JWS character)", at: 2)) { try SHCText.credentials("shc:/5699") }
        #expect(try SHCText.credentials("shc:/567577") == ["exz"])
    }

    @Test func aPayloadThatInflatesBeyondTheLimitIsRefused() throws {
        let bomb = Deflate.compress([UInt8](repeating: 0x20, count: SHCPayload.maximumInflatedBytes + 10))
        let header = ByteText.base64url(Array(#"{"zip":"DEF","alg":"ES256","kid":"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"}"#.utf8))
        let jws = header + "." + ByteText.base64url(bomb) + "." + ByteText.base64url([UInt8](repeating: 1, count: 64))
        let result = try InteropFixtures.verifier(InteropFixtures.shcStore()).verify(jws, context: Self.beforeExpiry)
        // Its signature is checked first, over the compressed payload: refused before any of
        // the megabyte is inflated or parsed (security round, finding 7).
        #expect(result.status == .badSignature && result.reasons[0].message.contains("changed or forged"))
        #expect(throws: FormatError.self) { try SHCPayload(compressed: bomb) }
    }

    /// Security round, finding 12: a JWS header listing critical extensions is refused (RFC
    /// 7515 §4.1.11), even with the example's own header, payload and signature otherwise.
    @Test func aCriticalHeaderExtensionIsRefused() throws {
        let jws = try Self.text("00", "d-jws.txt")
        let parts = jws.split(separator: ".").map(String.init)
        let headerBytes = try #require(ByteText.bytes(strictBase64url: parts[0][...]))
        var header = try #require(try JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any])
        header["crit"] = ["exp"]
        let edited = ByteText.base64url(Array(try JSONSerialization.data(withJSONObject: header))) + "." + parts[1] + "." + parts[2]
        #expect(throws: FormatError.self) { try SHCJWS(edited) }
        let result = try InteropFixtures.verifier(InteropFixtures.shcStore()).verify(edited, context: Self.beforeExpiry)
        #expect(result.status == .malformed && result.reasons[0].message.contains("crit"))
        #expect(try InteropFixtures.verifier(InteropFixtures.shcStore()).verify(jws, context: Self.beforeExpiry).isValid)
    }

    @Test func fractionalTimesAreRead() throws {
        let payload = try SHCPayload(compressed: Deflate.compress(Array(#"{"iss":"https://a.example","nbf":1687450764.656,"exp":1718986764.5,"vc":{}}"#.utf8)))
        #expect(payload.notBefore == 1687450764.656 && payload.expires == 1718986764.5)
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// One regression test (or more) per finding of the security round (issue 24), through the
/// library. Each failed on the build before the fix; the command-line side is in
/// EndToEndTests/SecurityRoundCommandLineTests.swift.
@Suite("Security round")
struct SecurityRoundTests {
    static func date(_ text: String) -> Date { Timestamps.parse(text)! }
    static func seconds(_ text: String) -> Int64 { Timestamps.epochSeconds(date(text)) }
    static let now = date("2026-12-01T12:00:00Z")

    static func store() throws -> VerifierStore {
        let folder = NSTemporaryDirectory() + "medseal-security-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return VerifierStore(folder: folder)
    }

    static func emergency() throws -> CredentialDocument {
        try CredentialDocument.read(path: TestPaths.templates + "/inputs/emergency.json", type: .emergency)
    }

    static func rejection(_ body: () throws -> ImportSummary) -> ImportRejection.Reason? {
        do { _ = try body(); return nil } catch let error as ImportRejection { return error.reason } catch { return nil }
    }

    // Finding 1: untrusted text never reaches the terminal as control characters.
    @Test func controlCharactersAndBidiOverridesAreShownNotObeyed() {
        let attack = "Evil\u{1B}[2J\u{1B}[1;32mVALID\u{9B}31m\u{202E}DILAV\u{2066}\n\n\nx\r\ny\u{7F}"
        let line = TerminalText.line(attack)
        #expect(!line.unicodeScalars.contains { TerminalText.isUnsafe($0.value) })
        #expect(line.contains("<U+001B>[2J") && line.contains("<U+202E>") && line.contains("<U+009B>") && line.contains(" ⏎ "))
        // Output keeps line feeds, tabs and a colour sequence, nothing else an escape starts.
        let output = TerminalText.output("a\tb\n\u{1B}[1;32mok\u{1B}[0m\u{1B}[2J\u{1B}]0;title\u{07}")
        #expect(output == "a\tb\n\u{1B}[1;32mok\u{1B}[0m<U+001B>[2J<U+001B>]0;title\u{07}")
        #expect(TerminalText.line("Clínica São José — مستشفى") == "Clínica São José — مستشفى")
    }

    @Test func aVerdictOnAForgedCardShowsItsClaimedIssuerAsText() throws {
        let result = VerificationResult.failure(.unknownIssuer, "issuer not trusted: '\u{1B}[2J\u{1B}[32mVALID'", kid: [1], issuer: "\u{1B}[2J\u{1B}[42m VALID \n\n\n\u{202E}")
        let words = VerdictText(now: Self.seconds("2026-12-01T00:00:00Z"))
        let lines = [words.headline(result)] + words.reasons(result) + words.details(result)
        for line in lines { #expect(!line.unicodeScalars.contains { TerminalText.isUnsafe($0.value) }, "\(line)") }
        #expect(lines.contains { $0.contains("<U+001B>[2J") })
    }

    @Test func jsonForPeopleEscapesWhatATerminalWouldObey() {
        let json = JSONText.escapingInvisible(#"{"a":"x\#u{9B}2J\#u{202E}y\#u{7F}"}"#)
        #expect(json == #"{"a":"x\u009b2J\u202ey\u007f"}"#)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
    }

    @Test func issuingRefusesLineBreaksAndBidiControlsInFields() throws {
        let key = IssuerSigningKey.generate(issuer: "Line Clinic", notBefore: Self.now.addingTimeInterval(-60), notAfter: Self.now.addingTimeInterval(86_400 * 400))
        guard case .emergency(var summary) = try Self.emergency() else { Issue.record("not an emergency document"); return }
        summary.notes = "x" + String(repeating: "\n", count: 60) + "y"
        summary.patient.name = "Ana\u{202E}nimda"
        #expect(throws: UserError.self) { try CredentialIssuer(key: key).issue(.emergency(summary), now: Self.now, lifetime: 86_400) }
        do { _ = try CredentialIssuer(key: key).issue(.emergency(summary), now: Self.now, lifetime: 86_400) } catch {
            #expect(error.message.contains("notes: more than 8 line breaks") && error.message.contains("patient.name"))
        }
        summary.notes = "Lives alone.\nKey with the neighbour."
        summary.patient.name = "Ana Lima"
        #expect(throws: Never.self) { try CredentialIssuer(key: key).issue(.emergency(summary), now: Self.now, lifetime: 86_400) }
    }

    // Finding 2: a root whose window has ended adds nothing; no key outlives its root.
    @Test func aRootWhoseWindowHasEndedAddsNoKeys() throws {
        let store = try Self.store()
        let root = IssuerSigningKey.generate(issuer: "Old Ministry", notBefore: Self.date("2020-01-01T00:00:00Z"), notAfter: Self.date("2025-01-01T00:00:00Z"), types: [], role: .root)
        _ = try store.addRoot(root.publicKey, now: Self.now)
        let forger = IssuerSigningKey.generate(issuer: "Forged Clinic", notBefore: Self.date("2020-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        let bundle = TrustBundle(sequence: Int64.max, issuedAt: Self.seconds("2024-06-01T00:00:00Z"), keys: [forger.publicKey]).signed(by: root)
        #expect(Self.rejection { try store.importBundle(bundle, now: Self.now) } == .signerNotValid)
        let token = try CredentialIssuer(key: forger).issue(try Self.emergency(), now: Self.now, lifetime: 86_400).token
        #expect(Verifier(trust: try store.trust()).verify(token, context: VerificationContext(now: Self.now)).status == .unknownIssuer)
    }

    @Test func aBundlesKeysAreTrustedOnlyWithinTheirRootsWindow() throws {
        let store = try Self.store()
        let root = IssuerSigningKey.generate(issuer: "Ministry", notBefore: Self.date("2025-01-01T00:00:00Z"), notAfter: Self.date("2027-06-01T00:00:00Z"), types: [], role: .root)
        _ = try store.addRoot(root.publicKey, now: Self.now)
        let clinic = IssuerSigningKey.generate(issuer: "Long Clinic", notBefore: Self.date("2025-01-01T00:00:00Z"), notAfter: Self.date("2031-01-01T00:00:00Z"))
        let summary = try store.importBundle(TrustBundle(sequence: 1, issuedAt: Self.seconds("2026-11-01T00:00:00Z"), keys: [clinic.publicKey]).signed(by: root), now: Self.now)
        #expect(summary.message.contains("trusted only within the root's window"))
        let stored = try #require(try store.trust().keys(kid: clinic.publicKey.kid).first)
        #expect(stored.key.notAfter == root.publicKey.notAfter)
        let token = try CredentialIssuer(key: clinic).issue(try Self.emergency(), now: Self.now, lifetime: 86_400 * 300).token
        let verifier = Verifier(trust: try store.trust())
        #expect(verifier.verify(token, context: VerificationContext(now: Self.date("2027-01-01T00:00:00Z"))).status == .valid)
        #expect(verifier.verify(token, context: VerificationContext(now: Self.date("2027-07-01T00:00:00Z"))).status == .keyNotValid)
    }

    @Test func aBundleSignedBeforeTheStoredOneIsRefused() throws {
        let store = try Self.store()
        let root = IssuerSigningKey.generate(issuer: "Ministry", notBefore: Self.date("2025-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"), types: [], role: .root)
        _ = try store.addRoot(root.publicKey, now: Self.now)
        _ = try store.importBundle(TrustBundle(sequence: 1, issuedAt: Self.seconds("2026-11-01T00:00:00Z"), keys: []).signed(by: root), now: Self.now)
        let backdated = TrustBundle(sequence: 99, issuedAt: Self.seconds("2026-01-01T00:00:00Z"), keys: []).signed(by: root)
        #expect(Self.rejection { try store.importBundle(backdated, now: Self.now) } == .notNewer)
    }

    // Finding 3: a retired key cannot replace the issuer's list; absurd times are refused.
    @Test func aRetiredKeyCannotReplaceTheIssuersList() throws {
        let store = try Self.store()
        let retired = IssuerSigningKey.generate(issuer: "Rotating Clinic", notBefore: Self.date("2020-01-01T00:00:00Z"), notAfter: Self.date("2024-01-01T00:00:00Z"))
        let current = IssuerSigningKey.generate(issuer: "Rotating Clinic", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        _ = try store.add(retired.publicKey, now: Self.now)
        _ = try store.add(current.publicKey, now: Self.now)
        var real = RevocationList(issuer: "Rotating Clinic", sequence: 5, issuedAt: Self.seconds("2026-11-30T00:00:00Z"), nextUpdate: Self.seconds("2026-12-07T00:00:00Z"))
        real.add(hash: RevocationList.entryHash(issuer: "Rotating Clinic", credentialID: [1, 2, 3]), reason: .revoked)
        _ = try store.importRevocationList(real.signed(by: current), now: Self.now)
        let empty = RevocationList(issuer: "Rotating Clinic", sequence: Int64.max, issuedAt: Self.seconds("2023-06-01T00:00:00Z"), nextUpdate: Self.seconds("2023-06-08T00:00:00Z"))
        #expect(Self.rejection { try store.importRevocationList(empty.signed(by: retired), now: Self.now) } == .signerNotValid)
        #expect(try store.revocationList(issuer: "Rotating Clinic")?.sequence == 5)
        real.sequence = 6
        real.issuedAt = Self.seconds("2026-12-01T00:00:00Z")
        #expect(try store.importRevocationList(real.signed(by: current), now: Self.now).changed)
    }

    @Test func timesOutsideTheYears1970To9999AreRefusedNotOverflowed() throws {
        let store = try Self.store()
        let key = IssuerSigningKey.generate(issuer: "Edge Clinic", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        _ = try store.add(key.publicKey, now: Self.now)
        let forever = RevocationList(issuer: "Edge Clinic", sequence: 1, issuedAt: Self.seconds("2026-11-01T00:00:00Z"), nextUpdate: Int64.max)
        #expect(Self.rejection { try store.importRevocationList(forever.signed(by: key), now: Self.now) } == .malformed)
        let decade = RevocationList(issuer: "Edge Clinic", sequence: 1, issuedAt: Self.seconds("2026-11-01T00:00:00Z"), nextUpdate: Self.seconds("2036-11-01T00:00:00Z"))
        #expect(Self.rejection { try store.importRevocationList(decade.signed(by: key), now: Self.now) } == .malformed)
        // A token from the trusted issuer with exp and iat at the limits of a 64-bit integer.
        let issued = try CredentialIssuer(key: key).issue(try Self.emergency(), now: Self.now, lifetime: 86_400)
        let verifier = Verifier(trust: try store.trust(), policies: Verifier.policies(revocations: RevocationLists(store: store), clock: ClockPolicy(latestKnownTime: 0, strict: false)))
        for (iat, exp) in [(Int64.max, Int64.max), (Int64.min, Int64.max), (0, Int64.min), (Self.seconds("2026-11-01T00:00:00Z"), Int64.max)] {
            var claims = issued.claims
            claims.issuedAt = iat
            claims.expiresAt = exp
            let token = CredentialIssuer(key: key).sign(payload: CBORWriter.encode(claims.cbor))
            let result = verifier.verify(token, context: VerificationContext(now: Self.now))
            #expect(result.status == .malformed && result.reasons[0].message.contains("between the years 1970 and 9999"), "\(result.reasons)")
        }
        let root = IssuerSigningKey.generate(issuer: "Root", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"), types: [], role: .root)
        var endless = key.publicKey.cbor
        if case .map(var entries) = endless { entries[3] = CBORMapEntry(.text("notAfter"), .int(Int64.max)); endless = .map(entries) }
        let bundle = SignedFile.sign(.textMap([("format", .text(TrustBundle.format)), ("sequence", .int(1)), ("issuedAt", .int(Self.seconds("2026-11-01T00:00:00Z"))), ("keys", .array([endless]))]), kind: .trustBundle, key: root)
        _ = try store.addRoot(root.publicKey, now: Self.now)
        #expect(Self.rejection { try store.importBundle(bundle, now: Self.now) } == .malformed)
        #expect(Timestamps.epochSeconds(Date(timeIntervalSince1970: 1e300)) == Int64.max)
    }

    // Finding 4: spreadsheet formulas in CSV cells.
    @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        #expect(CSVCell.text("=HYPERLINK(\"http://x\")", separator: ",") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        for start in ["=", "+", "-", "@", "\t", "\r"] { #expect(CSVCell.text(start + "1+1", separator: ";").hasPrefix("'") || CSVCell.text(start + "1+1", separator: ";").hasPrefix("\"'")) }
        #expect(CSVCell.text("St Mary's Clinic", separator: ",") == "St Mary's Clinic")
        #expect(CSVCell.text("a,b", separator: ",") == "\"a,b\"")
        // Found by the fuzzer: a carriage return then U+0604, a mark that joins the closing
        // quote into one Character. The cell is still neutralised and quoted byte for byte.
        let joined = CSVCell.text("\r\u{0604}", separator: ",")
        #expect(Array(joined.utf8) == [0x22, 0x27, 0x0D, 0xD8, 0x84, 0x22])
    }

    // Finding 5: a JPEG whose later frame header declares a huge image.
    @Test func aJPEGDeclaringAHugeFrameAnywhereIsRefused() {
        func frame(_ width: Int, _ height: Int) -> [UInt8] {
            [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 0x03,
             0x01, 0x11, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        }
        let small = [0xFF, 0xD8] + frame(100, 100) + [UInt8](repeating: 0, count: 64)
        #expect(QRImageReader.jpegSize(small)! == (100, 100))
        // Bytes between segments (which libjpeg skips) hide a second frame header.
        let hidden = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00] + [0x00, 0x13, 0x37] + frame(50_000, 50_000) + frame(100, 100)
        #expect(QRImageReader.largestDeclaredJPEGFrame(hidden) == 2_500_000_000)
        #expect(QRImageReader.jpegSize(hidden) == nil)
        #expect(QRImageReader.jpegSize(small + frame(50_000, 50_000)) == nil)
    }

    // Finding 7: nothing large is built before a signature verifies.
    @Test func anUnsignedListOrBundleIsRefusedBeforeItsPayloadIsRead() throws {
        let store = try Self.store()
        let key = IssuerSigningKey.generate(issuer: "List Clinic", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        _ = try store.add(key.publicKey, now: Self.now)
        // A payload that claims an array of 100 million items: never decoded without a signature.
        let huge: [UInt8] = [0x9A, 0x05, 0xF5, 0xE1, 0x00] + [UInt8](repeating: 0x00, count: 1_000)
        for kind in [SignedFileKind.revocationList, .trustBundle] {
            var message = COSESign1(algorithm: .edDSA, kid: key.publicKey.kid, payload: huge, contentType: kind.rawValue)
            message.signature = [UInt8](repeating: 7, count: 64)
            let reason = Self.rejection { kind == .revocationList ? try store.importRevocationList(message.encoded, now: Self.now) : try store.importBundle(message.encoded, now: Self.now) }
            #expect(reason == (kind == .revocationList ? .badSignature : .untrustedSigner))
        }
    }

    // Finding 8: one name in every Unicode form; look-alike names are refused.
    @Test func issuerNamesAreOneNameInEveryUnicodeForm() throws {
        let composed = "Clínica São José", decomposed = "Cli\u{301}nica Sa\u{303}o Jose\u{301}"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        #expect(RevocationList.entryHash(issuer: composed, credentialID: [9]) == RevocationList.entryHash(issuer: decomposed, credentialID: [9]))
        let store = try Self.store()
        #expect(store.revocationPath(issuer: composed) == store.revocationPath(issuer: decomposed))
        let victim = IssuerSigningKey.generate(issuer: composed, notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        _ = try store.add(victim.publicKey, now: Self.now)
        // Cyrillic С and а, a typographic apostrophe and a zero-width space: the same to the eye.
        for lookAlike in ["\u{421}l\u{ED}nica S\u{E3}o Jos\u{E9}", "Cl\u{ED}nic\u{430} S\u{E3}o Jos\u{E9}", "Cl\u{ED}nica\u{200B} S\u{E3}o Jos\u{E9}", "CLÍNICA SÃO JOSÉ"] {
            let forger = IssuerSigningKey.generate(issuer: lookAlike, notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
            #expect(throws: UserError.self) { try store.add(forger.publicKey, now: Self.now) }
        }
        let other = IssuerSigningKey.generate(issuer: "Clínica São Jorge", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        #expect(try store.add(other.publicKey, now: Self.now).changed)
        // A bundle bringing a look-alike is refused whole.
        let root = IssuerSigningKey.generate(issuer: "Ministry", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"), types: [], role: .root)
        _ = try store.addRoot(root.publicKey, now: Self.now)
        let twin = IssuerSigningKey.generate(issuer: "\u{421}l\u{ED}nica S\u{E3}o Jos\u{E9}", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        let bundle = TrustBundle(sequence: 1, issuedAt: Self.seconds("2026-11-01T00:00:00Z"), keys: [twin.publicKey]).signed(by: root)
        #expect(Self.rejection { try store.importBundle(bundle, now: Self.now) } == .lookAlikeIssuer)
        // A key file naming the issuer in decomposed form is the same issuer: its cards verify
        // as that issuer's, and its list is that issuer's list.
        #expect(IssuerKey(issuer: decomposed, publicKey: victim.publicKey.publicKey, notBefore: victim.publicKey.notBefore, notAfter: victim.publicKey.notAfter, types: victim.publicKey.types).issuer.utf8.elementsEqual(composed.utf8))
    }

    // Finding 9: the audit log's head is signed by the station.
    @Test func aRewrittenAuditLogWithARecomputedHeadIsNotIntact() throws {
        let log = try AuditLogTests.log(entries: 6)
        #expect(try log.check().problems.isEmpty)
        // Delete entries 4-6 and write a head that matches what is left, as a script can.
        let kept = Array(try AuditLogTests.lines(log).prefix(3))
        try AuditLogTests.write(kept, to: log)
        let last = try #require(kept.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["hash"] as? String)
        let plain = CBORWriter.encode(.textMap([("count", .int(3)), ("last", .text(last))]))
        try Data(SealedFile.seal(plain, magic: AuditLog.headMagic)).write(to: URL(fileURLWithPath: log.headPath))
        #expect(try log.check().problems.contains { $0.contains("rewritten") })
        // A signed head made with another key fails too.
        let other = AuditStationKey(seed: Sodium.randomBytes(32))
        let head = CBORWriter.encode(.textMap([("count", .int(3)), ("last", .text(last)), ("station", .bytes(other.publicKey))]))
        let signed = CBORWriter.encode(.textMap([("head", .bytes(head)), ("signature", .bytes(other.sign(AuditLog.headContext + head)))]))
        try Data(SealedFile.seal(signed, magic: AuditLog.signedHeadMagic)).write(to: URL(fileURLWithPath: log.headPath))
        #expect(try log.check().problems.contains { $0.contains("does not verify") })
        // Deleting the log leaves the head and key: never "intact".
        try FileManager.default.removeItem(atPath: log.path)
        #expect(try log.check().problems.contains { $0.contains("deleted") })
        #expect(throws: UserError.self) { try AuditLog(path: log.path + "-none").check() }
        #expect(FileStore.permissions(of: log.keyPath) == 0o600)
    }

    // Finding 10: check and create are one step.
    @Test func aFileIsCreatedExclusivelyOnce() throws {
        let path = try Self.store().folder + "/issuer.key"
        #expect(try FileStore.createExclusively(Data("one".utf8), at: path))
        #expect(try !FileStore.createExclusively(Data("two".utf8), at: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
        #expect(FileStore.permissions(of: path) == 0o600)
    }

    // Finding 12: critical header parameters, key file parameters, passphrases.
    @Test func unknownCriticalCOSEParametersAreRefused() throws {
        let key = IssuerSigningKey.generate(issuer: "Crit Clinic", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        let issued = try CredentialIssuer(key: key).issue(try Self.emergency(), now: Self.now, lifetime: 86_400)
        for (labels, refused) in [([CBOR.int(99)], true), ([.text("x")], true), ([], true), ([.int(1)], false)] {
            var message = COSESign1(algorithm: .edDSA, kid: key.publicKey.kid, payload: CBORWriter.encode(issued.claims.cbor))
            message.protectedHeader = .map([CBORMapEntry(.int(1), .int(-8)), CBORMapEntry(.int(2), .array(labels)), CBORMapEntry(.int(4), .bytes(key.publicKey.kid))])
            message.signature = key.sign(message.bytesToSign)
            let result = Verifier(trust: TrustStore(keys: [key.publicKey])).verify(TokenCodec.encode(message.encoded), context: VerificationContext(now: Self.now))
            #expect((result.status == .malformed) == refused, "\(labels): \(result.reasons)")
        }
    }

    @Test func keyFilesCannotAskForUnboundedWork() throws {
        let key = IssuerSigningKey.generate(issuer: "Argon Clinic", notBefore: Self.date("2024-01-01T00:00:00Z"), notAfter: Self.date("2030-01-01T00:00:00Z"))
        var object = try #require(try JSONSerialization.jsonObject(with: key.fileData(passphrase: Array("long enough".utf8))) as? [String: Any])
        var sealed = try #require(object["encryptedSeed"] as? [String: Any])
        sealed["memory"] = 2 << 30
        object["encryptedSeed"] = sealed
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect { try IssuerSigningKey(fileData: data, name: "k", passphrase: Array("long enough".utf8)) } throws: { ($0 as? UserError)?.message.contains("more than the") == true }
        #expect { try IssuerSigningKey(fileData: key.fileData, name: "k", passphrase: Array("long enough".utf8)) } throws: { ($0 as? UserError)?.message.contains("not encrypted") == true }
        let folder = try Self.store().folder
        try "        \n".write(toFile: folder + "/spaces", atomically: true, encoding: .utf8)
        #expect(throws: UserError.self) { try IssuerSigningKey.newPassphrase(file: folder + "/spaces") }
        try "correct horse\n".write(toFile: folder + "/good", atomically: true, encoding: .utf8)
        #expect(try IssuerSigningKey.newPassphrase(file: folder + "/good") == Array("correct horse".utf8))
    }
}

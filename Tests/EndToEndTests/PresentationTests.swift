import Foundation
import MedSealEncoding
import Testing

/// The patient decides who sees what, through the real executables: a holder key, a
/// credential bound to it, presentations of chosen parts for a limited time, and a verifier
/// that sees only what was shown and refuses what the patient did not sign.
@Suite("Presentations end to end")
struct PresentationTests {
    /// An issuer, a patient's holder key and a verifier's store trusting the issuer.
    struct Setup {
        let folder: String
        var issuerKey: String { folder + "/issuer/issuer.key" }
        var holderKey: String { folder + "/patient/holder.key" }
        var holderPublic: String { folder + "/patient/holder.pub" }
        var trust: String { folder + "/trust" }

        init(holderFlags: [String] = []) throws {
            folder = try Tool.temporaryFolder()
            let issuer = try Tool.medseal("medseal", ["key", "new", "--issuer", "Ospedale del Mare", "--out", folder + "/issuer"])
            try #require(issuer.status == 0, "\(issuer.stderr)")
            let holder = try Tool.medseal("medseal", ["key", "new", "--holder", "--out", folder + "/patient"] + holderFlags)
            try #require(holder.status == 0, "\(holder.stderr)")
            let trusted = try Tool.medseal("medseal-verify", ["trust", "add", "--trust", trust, folder + "/issuer/issuer.pub"])
            try #require(trusted.status == 0, "\(trusted.stderr)")
        }

        /// Issues `input` bound to the holder key as `BASE.token` (and `BASE-card.*`).
        func issue(_ type: String, _ input: String, base: String, extra: [String] = []) throws -> String {
            let path = folder + "/" + base
            let issued = try Tool.medseal("medseal", ["issue", type, "--key", issuerKey, "--in", input, "--holder", holderPublic, "--out", path] + extra)
            try #require(issued.status == 0, "\(issued.stderr)")
            return path
        }

        func present(_ credential: String, _ flags: [String], out: String) throws -> Tool.Output {
            try Tool.medseal("medseal", ["present", "--credential", credential + ".token", "--holder-key", holderKey, "--out", folder + "/" + out] + flags)
        }

        func verify(_ token: String, _ flags: [String] = []) throws -> (Tool.Output, [String: Any]) {
            let result = try Tool.medseal("medseal-verify", ["--trust", trust, "--json"] + flags + ["--file", token])
            let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
            return (result, report)
        }
    }

    static let corpus = Tool.root + "/Vectors/corpus"
    static let child = Tool.root + "/Vectors/inputs/vaccination-child.json"

    @Test func theHolderKeyIsPrivateAndTheCredentialItselfIsNotAcceptedAsItIs() throws {
        let setup = try Setup()
        let mode = try FileManager.default.attributesOfItem(atPath: setup.holderKey)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try Tool.read(setup.holderPublic).contains("medseal-holder-public-key/1"))
        let base = try setup.issue("emergency", "\(PresentationTests.corpus)/emergency/en-01.json", base: "declan")
        // The printed card's code is a plain credential of the whole record, and verifies as today.
        let card = try Tool.read(base + "-card.token").trimmingCharacters(in: .newlines)
        #expect(try Tool.zbar(base + "-card.png") == card)
        let (cardResult, _) = try setup.verify(base + "-card.token")
        #expect(cardResult.status == 0, "\(cardResult.stdout)")
        // The patient's own file is not something to show.
        let (own, report) = try setup.verify(base + ".token")
        #expect(own.status == 1 && report["status"] as? String == "not-presented", "\(own.stdout)")
        // A holder key is never an issuer key, and the card command will not print the holder's file.
        let trusted = try Tool.medseal("medseal-verify", ["trust", "add", "--trust", setup.trust, setup.holderPublic])
        #expect(trusted.status != 0)
        let printed = try Tool.medseal("medseal", ["card", "--token", base + ".token", "--template", "wallet", "--out", setup.folder + "/c.svg"])
        #expect(printed.status == 2 && printed.stderr.contains("BASE-card.token"), "\(printed.stderr)")
    }

    @Test func anEmergencyPresentationShowsTheChosenSectionsAndAlwaysTheSafetyFloor() throws {
        let setup = try Setup()
        let base = try setup.issue("emergency", "\(PresentationTests.corpus)/emergency/en-01.json", base: "declan")
        let made = try setup.present(base, ["--show", "conditions", "--valid-for", "2h"], out: "for-specialist")
        try #require(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("withheld: allergies, medications, organDonor, contacts, notes"), "\(made.stdout)")
        let token = setup.folder + "/for-specialist.token"
        #expect(try Tool.zbar(setup.folder + "/for-specialist.png") == Tool.read(token).trimmingCharacters(in: .newlines))
        let (result, report) = try setup.verify(token)
        try #require(result.status == 0, "\(result.stdout)")
        #expect(report["disclosed"] as? [String] == ["conditions"])
        #expect(report["withheld"] as? [String] == ["allergies", "medications", "organDonor", "contacts", "notes"])
        let document = try #require(report["document"] as? [String: Any])
        // The floor: blood type, the device, the directive, the severe allergy, the anticoagulant.
        #expect(document["bloodType"] as? String == "O-")
        #expect((document["devices"] as? [Any])?.count == 1 && (document["directives"] as? [Any])?.count == 1)
        let allergies = (document["allergies"] as? [[String: Any]] ?? []).compactMap { $0["substance"] as? String }
        #expect(allergies == ["Trimethoprim"], "the severe allergy only, not Tramadol: \(allergies)")
        let medications = (document["medications"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(medications == ["Apixaban"], "the anticoagulant only: \(medications)")
        #expect((document["conditions"] as? [Any])?.count == 4)
        #expect(document["contacts"] == nil && document["notes"] == nil)
        // A paramedic reading the text is told what was withheld, not that it is not recorded.
        let text = try Tool.medseal("medseal-verify", ["--trust", setup.trust, "--file", token])
        #expect(text.stdout.contains("Withheld by the patient: allergies, medications, organDonor, contacts, notes"), "\(text.stdout)")
        #expect(text.stdout.contains("Emergency contacts: Withheld by the patient") && !text.stdout.contains("Emergency contacts: not recorded"), "\(text.stdout)")
        // Naming a floor section changes nothing; an unknown one is refused.
        #expect(try setup.present(base, ["--show", "bloodType,devices"], out: "floor").status == 0)
        let unknown = try setup.present(base, ["--show", "psychiatry"], out: "x")
        #expect(unknown.status == 2 && unknown.stderr.contains("'psychiatry' is not a section"), "\(unknown.stderr)")
    }

    @Test func aSchoolSeesOnlyTheMMRDosesForItselfAndOnlyOnce() throws {
        let setup = try Setup()
        let base = try setup.issue("vaccination", PresentationTests.child, base: "giulia")
        let challenge = try Tool.medseal("medseal-verify", ["--challenge", "--purpose", "School entry"])
        try #require(challenge.status == 0, "\(challenge.stderr)")
        let nonce = challenge.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(nonce.count == 16 && challenge.stderr.contains("School entry"))
        let made = try setup.present(base, ["--show", "MMR", "--valid-for", "15m", "--audience", "Scuola Primaria Belvedere", "--nonce", nonce], out: "for-school")
        try #require(made.status == 0, "\(made.stderr)")
        let token = setup.folder + "/for-school.token"
        let (result, report) = try setup.verify(token, ["--audience", "Scuola Primaria Belvedere", "--nonce", nonce])
        try #require(result.status == 0, "\(result.stdout)")
        let doses = try #require((report["document"] as? [String: Any])?["doses"] as? [[String: Any]])
        #expect(doses.count == 2 && doses.allSatisfy { ($0["vaccine"] as? [String: Any])?["code"] as? String == "03" })
        #expect(report["disclosed"] as? [String] == ["MMR"])
        #expect((report["withheld"] as? [String])?.count == 3)
        // The same presentation again: a copy, refused.
        let (again, againReport) = try setup.verify(token, ["--nonce", nonce])
        #expect(again.status == 1 && againReport["status"] as? String == "nonce-reused", "\(again.stdout)")
        // Another verifier's challenge or audience.
        let (otherNonce, otherNonceReport) = try setup.verify(token, ["--nonce", "ZZZZZZZZZZZZZZZZ"])
        #expect(otherNonce.status == 1 && otherNonceReport["status"] as? String == "wrong-nonce")
        let (otherAudience, otherAudienceReport) = try setup.verify(token, ["--audience", "Palestra Comunale"])
        #expect(otherAudience.status == 1 && otherAudienceReport["status"] as? String == "wrong-audience")
        // A vaccine the record does not hold, and no vaccine at all.
        let missing = try setup.present(base, ["--show", "Yellow fever"], out: "x")
        #expect(missing.status == 2 && missing.stderr.contains("MMR"), "\(missing.stderr)")
        #expect(try setup.present(base, [], out: "y").status == 2)
    }

    @Test func aPresentationEndsByItselfAndNeverOutlastsItsCredential() throws {
        let setup = try Setup()
        let base = try setup.issue("emergency", "\(PresentationTests.corpus)/emergency/fr-02.json", base: "fr", extra: ["--expires-in", "10d"])
        #expect(try setup.present(base, ["--show", "medications", "--valid-for", "1h"], out: "short").status == 0)
        let later = Timestamps.format(Date().addingTimeInterval(2 * 3_600))
        let (ended, report) = try setup.verify(setup.folder + "/short.token", ["--at", later])
        #expect(ended.status == 1 && report["status"] as? String == "presentation-expired", "\(ended.stdout)")
        let tooLong = try setup.present(base, ["--valid-for", "30d"], out: "long")
        #expect(tooLong.status == 2 && tooLong.stderr.contains("outlast the credential"), "\(tooLong.stderr)")
    }

    @Test func onlyTheHolderKeySignsAndAChangedTokenNeverPasses() throws {
        let setup = try Setup()
        let base = try setup.issue("emergency", "\(PresentationTests.corpus)/emergency/de-02.json", base: "de")
        let other = setup.folder + "/other"
        #expect(try Tool.medseal("medseal", ["key", "new", "--holder", "--out", other]).status == 0)
        let stolen = try Tool.medseal("medseal", ["present", "--credential", base + ".token", "--holder-key", other + "/holder.key", "--show", "all", "--out", setup.folder + "/s"])
        #expect(stolen.status == 3 && stolen.stderr.contains("not the one the credential is bound to"), "\(stolen.stderr)")
        #expect(try setup.present(base, ["--show", "all"], out: "all").status == 0)
        let token = try Tool.read(setup.folder + "/all.token").trimmingCharacters(in: .newlines)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
        var characters = Array(token)
        for position in stride(from: 6, to: characters.count, by: max(1, characters.count / 24)) {
            let original = characters[position]
            characters[position] = alphabet[(alphabet.firstIndex(of: original)! + 7) % alphabet.count]
            let changed = String(characters)
            characters[position] = original
            let result = try Tool.medseal("medseal-verify", ["--trust", setup.trust, "--json", "--", changed])
            #expect(result.status == 1 || result.status == 2, "a changed character at \(position) verified: \(result.stdout)")
        }
    }

    @Test func revokingTheCredentialInvalidatesEveryPresentationOfIt() throws {
        let setup = try Setup()
        let base = try setup.issue("vaccination", PresentationTests.child, base: "giulia")
        #expect(try setup.present(base, ["--show", "MMR"], out: "p").status == 0)
        let list = setup.folder + "/issuer.list"
        let revoked = try Tool.medseal("medseal", ["revoke", "--key", setup.issuerKey, "--list", list, "--id", base + ".token"])
        try #require(revoked.status == 0, "\(revoked.stderr)")
        #expect(try Tool.medseal("medseal-verify", ["revocation", "import", "--trust", setup.trust, list]).status == 0)
        let (result, report) = try setup.verify(setup.folder + "/p.token")
        #expect(result.status == 1 && report["status"] as? String == "revoked", "\(result.stdout)")
        let (card, cardReport) = try setup.verify(base + "-card.token")
        #expect(card.status == 1 && cardReport["status"] as? String == "revoked")
    }

    @Test func aPassphraseProtectsTheHolderKey() throws {
        let folder = try Tool.temporaryFolder()
        let passphrase = folder + "/passphrase"
        try "correct horse battery".write(toFile: passphrase, atomically: true, encoding: .utf8)
        let setup = try Setup(holderFlags: ["--passphrase-file", passphrase])
        #expect(try !Tool.read(setup.holderKey).contains("\"seed\""))
        let base = try setup.issue("emergency", "\(PresentationTests.corpus)/emergency/pt-02.json", base: "pt")
        let locked = try setup.present(base, ["--show", "contacts"], out: "p")
        #expect(locked.status == 3 && locked.stderr.contains("passphrase"), "\(locked.stderr)")
        #expect(try setup.present(base, ["--show", "contacts", "--passphrase-file", passphrase], out: "p").status == 0)
    }
}

import Foundation
import MedSealEncoding
import Testing

/// SMART Health Cards and EU DCCs through the real `medseal-verify`, with no network:
/// importing the issuers' files, then verifying QR texts, chunks, files, pictures, scans and
/// batches, with the documented exit statuses.
@Suite("Other systems' credentials on the command line")
struct InteropCommandLineTests {
    static let shc = Tool.root + "/Vectors/interop/shc"
    static let dcc = Tool.root + "/Vectors/interop/dcc"
    static let issuer = "https://spec.smarthealth.cards/examples/issuer"
    static let crl = shc + "/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json"

    static func text(_ path: String) throws -> String { try Tool.read(path).trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A DCC case's QR text and clock, with its signing certificate written to `folder`.
    static func dccCase(_ name: String, certificateTo folder: String) throws -> (prefix: String, clock: String) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dcc + "/" + name))) as? [String: Any])
        let context = try #require(object["TESTCTX"] as? [String: Any])
        let der = try #require((context["CERTIFICATE"] as? String).flatMap { Data(base64Encoded: $0) })
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try der.write(to: URL(fileURLWithPath: folder + "/" + name.replacingOccurrences(of: "/", with: "-") + ".der"))
        return (try #require(object["PREFIX"] as? String), try #require(context["VALIDATIONCLOCK"] as? String))
    }

    @Test func smartHealthCardsFromImportToVerdict() throws {
        let store = try Tool.temporaryFolder() + "/store"
        let imported = try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, Self.shc + "/issuer.jwks.public.json", Self.crl])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2 signing keys") && imported.stderr.contains("ignored key 7rIUtD5K"))

        let valid = try Tool.offline("medseal-verify", ["--trust", store, try Self.text(Self.shc + "/example-00-f-qr-code-numeric-value-0.txt")])
        #expect(valid.status == 0 && valid.stdout.contains("VALID — vaccination record") && valid.stdout.contains("Moderna COVID-19 [CVX 207], lot 0000001"), "\(valid.stdout)")

        let revoked = try Tool.offline("medseal-verify", ["--trust", store, "--json", "--at", "2023-07-01T00:00:00Z", "--file", Self.shc + "/example-03-e-file.smart-health-card"])
        #expect(revoked.status == 1 && revoked.stdout.contains("\"status\":\"revoked\"") && revoked.stdout.contains("\"format\":\"smart-health-card\""))

        let chunks = try (0..<3).reversed().map { try Self.text(Self.shc + "/example-02-f-qr-code-numeric-value-\($0).txt") }
        let joined = try Tool.offline("medseal-verify", ["--trust", store, "--profile", "checkpoint"] + chunks)
        #expect(joined.status == 0 && joined.stdout.contains("VALID — test result"), "\(joined.stdout)\(joined.stderr)")
        let partial = try Tool.offline("medseal-verify", ["--trust", store, chunks[0], chunks[2]])
        #expect(partial.status == 2 && partial.stdout.contains("chunk 2 of 3 missing"))

        let picture = try Tool.offline("medseal-verify", ["--trust", store, "--image", Self.shc + "/derived-png/example-01-g-qr-code-0.png"])
        #expect(picture.status == 0 && picture.stdout.contains("x5c"))

        let listing = try Tool.offline("medseal-verify", ["trust", "list", "--trust", store])
        #expect(listing.stdout.contains("SMART Health Card issuers (1)") && listing.stdout.contains("CRL version 1, 4 entries"))

        // The chunks scanned one by one, then a whole card.
        let scans = chunks.joined(separator: "\n") + "\n" + (try Self.text(Self.shc + "/example-03-f-qr-code-numeric-value-0.txt")) + "\n"
        let scan = try Tool.medseal("medseal-verify", ["scan", "--trust", store, "--no-audit"], stdin: scans)
        #expect(scan.status == 0 && scan.stdout.contains("code 3 of 3 read") && scan.stdout.contains("Scans: 2 · valid 1 · not valid 1"), "\(scan.stdout)")
    }

    @Test func importsRefuseWhatTheyCannotTrust() throws {
        let store = try Tool.temporaryFolder() + "/store"
        let jwks = Self.shc + "/issuer/.well-known/jwks.json"
        #expect(try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, "http://insecure.example", jwks]).status == 2)
        #expect(try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, Self.crl]).status == 2)
        #expect(try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, jwks, Self.crl]).status == 0)
        let folder = try Tool.temporaryFolder()
        let newer = try Tool.read(Self.crl).replacingOccurrences(of: "\"ctr\": 1", with: "\"ctr\": 2")
        try newer.write(toFile: folder + "/newer.json", atomically: true, encoding: .utf8)
        #expect(try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, jwks, folder + "/newer.json"]).status == 0)
        let rejected = try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, jwks, Self.crl])
        #expect(rejected.status == 1 && rejected.stderr.contains("rejected (not-newer)"))
        try "not a certificate".write(toFile: folder + "/junk.pem", atomically: true, encoding: .utf8)
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc", "--trust", store, folder]).status == 2)
    }

    @Test func euDCCsFromImportToVerdict() throws {
        let work = try Tool.temporaryFolder()
        let store = work + "/store"
        let good = try Self.dccCase("DE/2DCode/raw/1.json", certificateTo: work + "/certificates")
        let forged = try Self.dccCase("common/2DCode/raw/CO5.json", certificateTo: work + "/certificates")
        let imported = try Tool.offline("medseal-verify", ["trust", "import-dcc", "--trust", store, work + "/certificates"])
        #expect(imported.status == 0 && imported.stdout.contains("2 trusted"), "\(imported.stdout)\(imported.stderr)")

        let valid = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", good.prefix])
        #expect(valid.status == 0 && valid.stdout.contains("Erika Mustermann") && valid.stdout.contains("Spikevax"), "\(valid.stdout)")
        let expired = try Tool.offline("medseal-verify", ["--trust", store, good.prefix])
        #expect(expired.status == 1 && expired.stdout.contains("Expired"))
        let bad = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-05-03T18:00:00Z", forged.prefix])
        #expect(bad.status == 1 && bad.stdout.contains("NOT VALID"), "\(bad.stdout)")
        let wrongPrefix = try Tool.offline("medseal-verify", ["--trust", store, "HC2:" + good.prefix.dropFirst(4)])
        #expect(wrongPrefix.status == 2)

        // A batch of all three formats.
        let lines = [good.prefix, try Self.text(Self.shc + "/example-00-f-qr-code-numeric-value-0.txt"), "HC1:NOT-BASE45!"].joined(separator: "\n") + "\n"
        try lines.write(toFile: work + "/scans.txt", atomically: true, encoding: .utf8)
        _ = try Tool.offline("medseal-verify", ["trust", "import-shc", "--trust", store, Self.issuer, Self.shc + "/issuer/.well-known/jwks.json", Self.crl])
        let batch = try Tool.offline("medseal-verify", ["batch", work + "/scans.txt", "--trust", store, "--at", "2021-06-01T18:00:00Z", "--no-audit", "--out", work + "/report.csv"])
        let report = try Tool.read(work + "/report.csv").split(separator: "\n")
        #expect(batch.status == 1 && report.count == 4, "\(report)")
        #expect(report[1].contains("true,valid") && report[1].contains("vaccination"))
        // The SHC example was issued in 2023: not yet valid at the DCC's 2021 clock.
        #expect(report[2].contains("not-yet-valid"))
        #expect(report[3].contains("malformed"))
    }

    /// `certlogic eval` runs each EU template rule's first test as a rule author would, and
    /// prints exactly the value the test expects; an invalid rule is exit 2.
    @Test func certLogicEvalPrintsWhatTheRuleTestsExpect() throws {
        let rules = Tool.root + "/Vectors/interop/certlogic/rules/EU"
        let folder = try Tool.temporaryFolder()
        var checked = 0
        for rule in try FileManager.default.contentsOfDirectory(atPath: rules).sorted() {
            let tests = try FileManager.default.contentsOfDirectory(atPath: "\(rules)/\(rule)/tests").filter { $0.hasSuffix(".json") }.sorted()
            guard let first = tests.first else { continue }
            let test = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(rules)/\(rule)/tests/\(first)"))) as! [String: Any]
            let data = folder + "/\(rule).json"
            try JSONSerialization.data(withJSONObject: ["payload": test["payload"]!, "external": test["external"]!]).write(to: URL(fileURLWithPath: data))
            let result = try Tool.medseal("medseal-verify", ["certlogic", "eval", "\(rules)/\(rule)/rule.json", data])
            #expect(result.status == 0, "\(rule): \(result.stderr)")
            #expect(result.stdout.trimmingCharacters(in: .newlines) == ((test["expected"] as? Bool) == true ? "true" : "false"), "\(rule) \(first)")
            checked += 1
        }
        #expect(checked >= 13)
        try #"{"and": [true, {"all": []}]}"#.write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try Tool.medseal("medseal-verify", ["certlogic", "eval", folder + "/bad.json", folder + "/bad.json"])
        #expect(bad.status == 2 && bad.stderr.contains("unrecognised operator: \"all\""), "\(bad.stderr)")
    }

    /// A checkpoint imports the Gateway's rules and value sets, and `--country` applies them:
    /// each rule by id and description (in the chosen language), a failed one makes the
    /// certificate not valid, and rules missing for the country are a warning, or a failure
    /// under --require-fresh-lists. A folder with one broken rule changes nothing.
    @Test func businessRulesOfTheDestinationJudgeEUDCCs() throws {
        let work = try Tool.temporaryFolder()
        let store = work + "/store"
        let vaccination = try Self.dccCase("DE/2DCode/raw/1.json", certificateTo: work + "/certificates")
        let test = try Self.dccCase("DE/2DCode/raw/2.json", certificateTo: work + "/certificates")
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc", "--trust", store, work + "/certificates"]).status == 0)
        let imported = try Tool.offline("medseal-verify", ["trust", "import-rules", "--trust", store, Tool.root + "/Vectors/interop/certlogic"])
        #expect(imported.status == 0 && imported.stdout.contains("15 business rules of EU, NL") && imported.stdout.contains("9 value sets"), "\(imported.stdout)\(imported.stderr)")

        let valid = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--country", "EU", "--json", vaccination.prefix])
        let report = try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as! [String: Any]
        let ids = (report["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(valid.status == 0 && ids.contains("VR-EU-0000") && ids.contains("GR-EU-0001") && !ids.contains(where: { $0.hasPrefix("TR-") }), "\(valid.stdout)")
        // The rapid test was sampled on 30 May at 10:12 UTC: 56 hours later it no longer counts (TR-EU-0005), in German too.
        let late = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--country", "EU", "--lang", "de", test.prefix])
        #expect(late.status == 1 && late.stdout.contains("TR-EU-0005") && late.stdout.contains("48 Stunden"), "\(late.stdout)")
        // No rules of France: a warning, or with --require-fresh-lists a failure.
        let france = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--country", "FR", "--json", vaccination.prefix])
        #expect(france.status == 0 && france.stdout.contains("no-rules"))
        let strict = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--country", "FR", "--require-fresh-lists", vaccination.prefix])
        #expect(strict.status == 1, "\(strict.stdout)")
        // A broken rule: nothing imported, the rules before stay.
        let broken = work + "/broken"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try #"{"Identifier": "VR-XX-0001", "Type": "Acceptance", "Country": "XX", "Version": "1.0.0", "CertificateType": "Vaccination", "ValidFrom": "2021-06-01T00:00:00Z", "ValidTo": "2030-06-01T00:00:00Z", "Logic": {"all": []}}"#
            .write(toFile: broken + "/rule.json", atomically: true, encoding: .utf8)
        let refused = try Tool.offline("medseal-verify", ["trust", "import-rules", "--trust", store, broken])
        #expect(refused.status == 2 && refused.stderr.contains("unrecognised operator"), "\(refused.stderr)")
        #expect(try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--country", "EU", vaccination.prefix]).stdout.contains("VR-EU-0000"))
    }

    /// EU DCC revocation lists as the EU distributes them (hashed, per signing key) make a
    /// listed certificate revoked, by any of the three hashes; the others stay valid.
    @Test func anEUDCCOnItsSigningKeysRevocationListIsRevoked() throws {
        let work = try Tool.temporaryFolder()
        let store = work + "/store"
        let vaccination = try Self.dccCase("DE/2DCode/raw/1.json", certificateTo: work + "/certificates")
        let recovery = try Self.dccCase("DE/2DCode/raw/3.json", certificateTo: work + "/certificates")
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc", "--trust", store, work + "/certificates"]).status == 0)
        let before = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--json", vaccination.prefix])
        let report = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as! [String: Any]
        #expect(before.status == 0)
        let kid = try #require(report["kid"] as? String)
        let ci = try #require(((report["document"] as? [String: Any])?["certificateID"] as? String) ?? (report["credentialId"] as? String))
        // The UCI hash of the vaccination certificate, and an unrelated signature hash, for its signing key.
        let hash = Data(Sodium.sha256(Array(ci.utf8)).prefix(16)).base64EncodedString()
        let batches = #"[{"kid": "\#(kid)", "hashType": "UCI", "entries": [{"hash": "\#(hash)"}], "expires": "2030-01-01T00:00:00Z", "country": "DE"},"# +
            #" {"kid": "\#(kid)", "hashType": "SIGNATURE", "entries": [{"hash": "AAAAAAAAAAAAAAAAAAAAAA=="}]}]"#
        try batches.write(toFile: work + "/de.json", atomically: true, encoding: .utf8)
        let imported = try Tool.offline("medseal-verify", ["trust", "import-dcc-revocation", "--trust", store, work + "/de.json"])
        #expect(imported.status == 0 && imported.stdout.contains("2 hashes for 1 signing key"), "\(imported.stdout)\(imported.stderr)")
        let revoked = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", "--json", vaccination.prefix])
        #expect(revoked.status == 1 && revoked.stdout.contains("\"status\":\"revoked\""), "\(revoked.stdout)")
        let other = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-06-01T18:00:00Z", recovery.prefix])
        #expect(other.status == 0, "\(other.stdout)")
        // The same files again change nothing; a batch that is not one is refused.
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc-revocation", "--trust", store, work + "/de.json"]).stdout.contains("0 list(s) changed"))
        try #"{"kid": "\#(kid)", "hashType": "UCI", "entries": ["not a hash"]}"#.write(toFile: work + "/bad.json", atomically: true, encoding: .utf8)
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc-revocation", "--trust", store, work + "/bad.json"]).status == 2)
    }

    /// ICAO VDS-NC seals through the real verifier: the Australian CSCA and its CRL imported,
    /// a seal as a file and as the one-line text a scanner types, in a batch, with a profile
    /// and an acceptance rule; an altered seal is not valid, and without the CSCA the signer is unknown.
    @Test func icaoVDSNCSealsFromImportToVerdict() throws {
        let work = try Tool.temporaryFolder()
        let store = work + "/store", seals = Tool.root + "/Vectors/interop/vds-nc"
        let imported = try Tool.offline("medseal-verify", ["trust", "import-csca", "--trust", store, seals + "/au-csca.der", seals + "/au-crl.der"])
        #expect(imported.status == 0 && imported.stdout.contains("1 trusted") && imported.stdout.contains("1 CRL"), "\(imported.stdout)\(imported.stderr)")
        let file = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-11-01T00:00:00Z", "--file", seals + "/validVDSJson.json"])
        #expect(file.status == 0 && file.stdout.contains("CITIZEN JOHN") && file.stdout.contains("Moderna Spikevax"), "\(file.stdout)")
        let oneLine = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: seals + "/ios-validVDSJson.json"))))
        let text = String(decoding: oneLine, as: UTF8.self)
        let typed = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-11-01T00:00:00Z", "--profile", "checkpoint", "--json", "--", text])
        let report = try JSONSerialization.jsonObject(with: Data(typed.stdout.utf8)) as! [String: Any]
        #expect(typed.status == 0 && report["format"] as? String == "icao-vds-nc" && (report["document"] as? [String: Any])?["doses"] == nil, "\(typed.stdout)")
        let altered = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2021-11-01T00:00:00Z", "--file", seals + "/invalidVDSJson.json"])
        #expect(altered.status == 1 && altered.stdout.contains("NOT VALID"))
        try FileManager.default.createDirectory(atPath: work + "/empty", withIntermediateDirectories: true)
        let unknown = try Tool.offline("medseal-verify", ["--trust", work + "/empty", "--at", "2021-11-01T00:00:00Z", "--json", "--file", seals + "/validVDSJson.json"])
        #expect(unknown.status == 1 && unknown.stdout.contains("unknown-issuer"), "\(unknown.stdout)")
        // A batch of a seal and a MedSeal-unreadable line; the audit log records the seal without health data.
        try (text + "\nnot a credential\n").write(toFile: work + "/scans.txt", atomically: true, encoding: .utf8)
        let batch = try Tool.offline("medseal-verify", ["batch", work + "/scans.txt", "--trust", store, "--at", "2021-11-01T00:00:00Z", "--out", work + "/report.csv"])
        let rows = try Tool.read(work + "/report.csv").split(separator: "\n")
        #expect(batch.status == 1 && rows.count == 3 && rows[1].contains("true,valid") && rows[1].contains("vaccination"), "\(rows)")
        let log = try Tool.read(store + "/audit.log")
        #expect(log.contains("\"verdict\":\"valid\"") && !log.contains("CITIZEN"), "\(log)")
    }

    /// WHO certificates in HCERT through the real verifier, with the document signing
    /// certificate imported as for EU DCCs: MedSeal's own yellow-fever and COVID-19 certificates
    /// verify and the yellow fever acceptance rule works on them; an altered one does not; the
    /// GDHCN sample whose key is not trusted here is an unknown issuer, as upstream expects.
    @Test func whoDigitalVaccinationCertificatesVerifyUnderTheSameRules() throws {
        let store = try Tool.temporaryFolder() + "/store"
        let made = Tool.root + "/Vectors/interop/who-made", samples = Tool.root + "/Vectors/interop/who-hcert"
        let certificates = try Tool.temporaryFolder()
        try FileManager.default.copyItem(atPath: made + "/dsc.der", toPath: certificates + "/dsc.der")
        #expect(try Tool.offline("medseal-verify", ["trust", "import-dcc", "--trust", store, certificates]).status == 0)
        let yellowFever = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2027-01-15T00:00:00Z", "--rules", Tool.root + "/Templates/rules/travel-yellow-fever.json",
                                                              "--file", made + "/yellow-fever.txt"])
        #expect(yellowFever.status == 0 && yellowFever.stdout.contains("Meets") && yellowFever.stdout.contains("Valeria Quispe Mamani") && yellowFever.stdout.contains("Yellow fever"),
                "\(yellowFever.stdout)")
        let covid = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2027-01-15T00:00:00Z", "--json", "--file", made + "/covid-19-two-doses.txt"])
        let report = try JSONSerialization.jsonObject(with: Data(covid.stdout.utf8)) as! [String: Any]
        #expect(covid.status == 0 && ((report["document"] as? [String: Any])?["doses"] as? [Any])?.count == 2, "\(covid.stdout)")
        let altered = try Tool.offline("medseal-verify", ["--trust", store, "--at", "2027-01-15T00:00:00Z", "--file", made + "/yellow-fever-altered.txt"])
        #expect(altered.status == 1 && altered.stdout.contains("NOT VALID"))
        let upstream = try Tool.offline("medseal-verify", ["--trust", store, "--json", "--file", samples + "/DVCTestQR.txt"])
        #expect(upstream.status == 1 && upstream.stdout.contains("unknown-issuer"), "\(upstream.stdout)")
        // The same signer from a GDHCN trust list (a DID document whose method carries it in x5c), into an empty store.
        let gdhcn = try Tool.temporaryFolder() + "/store"
        let imported = try Tool.offline("medseal-verify", ["trust", "import-gdhcn", "--trust", gdhcn, made + "/gdhcn-did.json"])
        #expect(imported.status == 0 && imported.stdout.contains("1 trusted"), "\(imported.stdout)\(imported.stderr)")
        #expect(try Tool.offline("medseal-verify", ["--trust", gdhcn, "--at", "2027-01-15T00:00:00Z", "--file", made + "/yellow-fever.txt"]).status == 0)
        let notDID = try Tool.offline("medseal-verify", ["trust", "import-gdhcn", "--trust", gdhcn, samples + "/DVCTestQRUnpacked.json"])
        #expect(notDID.status != 0, "\(notDID.stdout)")
    }
}

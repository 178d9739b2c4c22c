import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import Testing

/// The generator and verifier run end to end, with real keys, QR images and a real decoder.
@Suite("medseal and medseal-verify end to end")
struct IssueAndVerifyTests {
    /// A key folder and trust folder set up with `medseal key new`.
    struct Issuer {
        let folder: String
        var key: String { folder + "/keys/issuer.key" }
        var trust: String { folder + "/trust" }

        init() throws {
            folder = try Tool.temporaryFolder()
            let created = try Tool.medseal("medseal", ["key", "new", "--issuer", "End To End Clinic", "--out", folder + "/keys"])
            try #require(created.status == 0, "\(created.stderr)")
            try FileManager.default.createDirectory(atPath: trust, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: folder + "/keys/issuer.pub", toPath: trust + "/issuer.pub")
        }
    }

    static let templates = Tool.root + "/Templates/inputs"

    @Test func keyNewWritesASecretKeyOnlyTheOwnerCanRead() throws {
        let folder = try Tool.temporaryFolder()
        let result = try Tool.medseal("medseal", ["key", "new", "--issuer", "Clinic", "--out", folder])
        #expect(result.status == 0)
        let kid = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(kid.count == 16 && kid.allSatisfy(\.isHexDigit))
        let secret = try FileManager.default.attributesOfItem(atPath: folder + "/issuer.key")[.posixPermissions] as? Int
        #expect(secret == 0o600)
        let publicFile = try Tool.read(folder + "/issuer.pub")
        #expect(publicFile.contains(kid) && publicFile.contains("\"issuer\" : \"Clinic\"") && !publicFile.contains("seed"))
        let seed = try Tool.read(folder + "/issuer.key").components(separatedBy: "\"seed\" : \"")[1].prefix(20)
        #expect(!result.stdout.contains(seed) && !result.stderr.contains(seed))
        let again = try Tool.medseal("medseal", ["key", "new", "--issuer", "Clinic", "--out", folder])
        #expect(again.status == 4 && again.stderr.contains("refusing to overwrite"))
    }

    @Test(arguments: ["emergency", "vaccination"])
    func issuedQRCodesDecodeToTheExactTokenAndVerify(type: String) throws {
        let issuer = try Issuer()
        let base = issuer.folder + "/" + type
        let issued = try Tool.medseal("medseal", ["issue", type, "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/\(type).json", "--out", base])
        try #require(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.contains("QR version"))
        let token = try Tool.read(base + ".token").trimmingCharacters(in: .newlines)
        #expect(try Tool.zbar(base + ".png") == token)
        let rasterised = base + "-from-svg.png"
        let converted = try Tool.run("rsvg-convert", ["--dpi-x", "300", "--dpi-y", "300", "-o", rasterised, base + ".svg"])
        try #require(converted.status == 0, "rsvg-convert failed: \(converted.stderr)")
        #expect(try Tool.zbar(rasterised) == token)

        let verified = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "--json", "--file", base + ".token"])
        #expect(verified.status == 0, "\(verified.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as! [String: Any]
        #expect(report["valid"] as? Bool == true && report["status"] as? String == "valid" && report["type"] as? String == type)
        #expect(report["issuer"] as? String == "End To End Clinic")
        for key in ["reasons", "kid", "issuedAt", "expiresAt", "document"] { #expect(report[key] != nil, "missing \(key)") }
        let input = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(IssueAndVerifyTests.templates)/\(type).json"))) as! NSDictionary
        #expect((report["document"] as! NSDictionary) == input)
    }

    @Test func verifierExitStatusesFollowTheContract() throws {
        let issuer = try Issuer()
        let token = try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/vaccination.json", "--expires-in", "30d"])
        try #require(token.status == 0, "\(token.stderr)")
        let text = token.stdout.trimmingCharacters(in: .newlines)
        #expect(token.stderr.contains("QR version"))

        let valid = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, text])
        #expect(valid.status == 0 && valid.stdout.hasPrefix("VALID"))
        let fromStdin = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "-"], stdin: text + "\n")
        #expect(fromStdin.status == 0)
        let expired = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "--at", "2099-01-01T00:00:00Z", text])
        #expect(expired.status == 1 && expired.stdout.hasPrefix("NOT VALID — Expired on"))
        // After the key's window: the card was signed in time, and the verdict says when trust ended.
        #expect(expired.stdout.contains("The issuer's key was trusted until") && !expired.stdout.contains("was not valid for this card"), "\(expired.stdout)")
        let spanish = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "--at", "2099-01-01T00:00:00Z", "--lang", "es", text])
        #expect(spanish.stdout.contains("La clave del emisor fue de confianza hasta el"))
        let untrusted = try Tool.medseal("medseal-verify", ["--trust", try Tool.temporaryFolder(), text])
        // Never an invitation to trust the key the card brings: the authority's bundle, and the
        // card's own name for its issuer shown as an unverified claim.
        #expect(untrusted.status == 1 && untrusted.stdout.contains("Issuer not among those trusted on this computer") && !untrusted.stdout.contains("trust add"))
        #expect(untrusted.stdout.contains("trust import") && untrusted.stdout.contains("(claims to be; not verified)"), "\(untrusted.stdout)")
        // In Spanish every line is Spanish, and the technical detail (kept in English, to quote to support) says so.
        let untrustedSpanish = try Tool.medseal("medseal-verify", ["--trust", try Tool.temporaryFolder(), "--lang", "es", text])
        #expect(untrustedSpanish.stdout.hasPrefix("NO VÁLIDO — El emisor no está entre los de confianza"), "\(untrustedSpanish.stdout)")
        #expect(untrustedSpanish.stdout.contains("\n(detalle técnico, en inglés: issuer not trusted"), "\(untrustedSpanish.stdout)")
        #expect(untrustedSpanish.stdout.contains("(según la tarjeta; no verificado)"))
        // Options before a command's words are that command's options.
        let listed = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "trust", "list"])
        #expect(listed.status == 0 && listed.stdout.hasPrefix("Store: \(issuer.trust)"), "\(listed.stderr)")
        // A token file's path without --file is read as the file, not as token text.
        let tokenFile = try Tool.temporaryFolder() + "/card.token"
        try (text + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        #expect(try Tool.medseal("medseal-verify", ["--trust", issuer.trust, tokenFile]).status == 0)
        let missing = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, tokenFile + "-gone.token"])
        #expect(missing.status == 4 && missing.stderr.contains("no such file"))
        let garbage = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "MS1:NOT A TOKEN"])
        #expect(garbage.status == 2 && garbage.stdout.contains("Base45"))
        let noToken = try Tool.medseal("medseal-verify", ["--trust", issuer.trust])
        #expect(noToken.status == 2 && noToken.stderr.contains("Usage:"))
        let badTime = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, "--at", "yesterday", text])
        #expect(badTime.status == 2 && badTime.stderr.contains("--at: 'yesterday' is not a time (expected 2026-11-21T09:30:00Z"))
        let badFlag = try Tool.medseal("medseal-verify", ["--frobnicate", text])
        #expect(badFlag.status == 2 && badFlag.stderr.contains("unknown option --frobnicate"))
        // Given without quotes, a token with spaces arrives as several words (here a made-up
        // one with 25, more than the chunks of a SMART Health Card).
        let words = ("MS1:" + (1...25).map { "W\($0)" }.joined(separator: " ")).split(separator: " ").map(String.init)
        let unquoted = try Tool.medseal("medseal-verify", ["--trust", issuer.trust] + words)
        #expect(unquoted.status == 2 && unquoted.stderr.contains("error: the token came as 25 words: its text holds spaces, so put it in single quotes"), "\(unquoted.stderr)")
        let two = try Tool.medseal("medseal-verify", ["--trust", issuer.trust, text, text])
        #expect(two.status == 2 && two.stderr.contains("give one token"), "\(two.stderr)")
    }

    @Test func issueRefusesAKeyOthersCanRead() throws {
        let issuer = try Issuer()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: issuer.key)
        let result = try Tool.medseal("medseal", ["issue", "emergency", "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/emergency.json"])
        #expect(result.status == 3 && result.stderr.contains("chmod 600"))
        #expect(result.stdout.isEmpty)
    }

    @Test func invalidInputNamesTheField() throws {
        let issuer = try Issuer()
        var record = try Tool.read("\(IssueAndVerifyTests.templates)/vaccination.json")
        record = record.replacingOccurrences(of: "\"2019-06-11\"", with: "\"11/06/2019\"")
        let path = issuer.folder + "/bad.json"
        try record.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("doses[1].date: '11/06/2019' is not a date (expected YYYY-MM-DD)"), "\(result.stderr)")
        // A field name with a line break in it cannot start a line of its own in the message.
        let spliced = issuer.folder + "/spliced.json"
        try record.replacingOccurrences(of: "\"lot\"", with: "\"lot\\nmedseal issue: done\"").write(toFile: spliced, atomically: true, encoding: .utf8)
        let oneLine = try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", spliced])
        #expect(oneLine.status == 2 && oneLine.stderr.hasPrefix("medseal issue: error: ") && !oneLine.stderr.contains("\nmedseal issue: done"), "\(oneLine.stderr)")
        let missing = try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", issuer.folder + "/nope.json"])
        #expect(missing.status == 4 && missing.stderr.contains("no such file"))
        let wrongType = try Tool.medseal("medseal", ["issue", "passport", "--key", issuer.key, "--in", path])
        #expect(wrongType.status == 2 && wrongType.stderr.contains("not a credential type"))
        let noFolder = try Tool.medseal("medseal", ["issue", "emergency", "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/emergency.json", "--out", issuer.folder + "/no/card"])
        #expect(noFolder.status == 4 && noFolder.stderr.contains("card.token: cannot write (the folder \(issuer.folder)/no does not exist)"), "\(noFolder.stderr)")
    }

    @Test func qrCommandDrawsEveryFormat() throws {
        let issuer = try Issuer()
        let base = issuer.folder + "/v"
        _ = try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/vaccination.json", "--out", base])
        let token = try Tool.read(base + ".token").trimmingCharacters(in: .newlines)
        let png = try Tool.medseal("medseal", ["qr", "--in", base + ".token", "--format", "png", "--out", issuer.folder + "/h.png", "--ecc", "H", "--scale", "4"])
        #expect(png.status == 0 && png.stderr.contains("error correction H"))
        #expect(try Tool.zbar(issuer.folder + "/h.png") == token)
        let svg = try Tool.medseal("medseal", ["qr", "--in", base + ".token", "--format", "svg"])
        #expect(svg.status == 0 && svg.stdout.contains("<svg") && svg.stdout.contains("mm\""))
        let terminal = try Tool.medseal("medseal", ["qr", "--in", base + ".token", "--format", "terminal"])
        #expect(terminal.status == 0 && terminal.stdout.contains("▀") && !terminal.stdout.contains("\u{1B}["))
        let bad = try Tool.medseal("medseal", ["qr", "--in", base + ".token", "--format", "gif"])
        #expect(bad.status == 2)
        // On a terminal narrower than the code (a pseudo-terminal of 60 and of 200 columns),
        // a warning says the wrapped code will not scan.
        let width = 8 + (try QRCode(alphanumeric: token, errorCorrection: .quartile)).size
        for columns in [60, 200] {
            let command = "stty cols \(columns) rows 60; \(Tool.binaries)/medseal qr --in \(base).token --format terminal"
            let screen = try Tool.run("script", ["-q", "-e", "--echo", "never", "-c", command, "/dev/null"]).stdout
            #expect(screen.contains("▀") && screen.contains("Warning: the code is \(width) columns wide and this terminal \(columns);") == (columns < width), "\(columns): \(screen.suffix(300))")
        }
    }

    @Test func demoRunsTheWholeJob() throws {
        let out = try Tool.temporaryFolder() + "/demo"
        let result = try Tool.medseal("medseal", ["demo", "--out", out], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("emergency: VALID") && result.stdout.contains("vaccination: VALID"))
        #expect(result.stdout.contains("one character changed: NOT VALID"))
        for type in ["emergency", "vaccination"] {
            let token = try Tool.read("\(out)/\(type).token").trimmingCharacters(in: .newlines)
            #expect(try Tool.zbar("\(out)/\(type).png") == token)
        }
    }

    @Test(arguments: [
        ["medseal", "--help"], ["medseal", "key", "new", "--help"], ["medseal", "issue", "--help"],
        ["medseal", "qr", "--help"], ["medseal", "demo", "--help"], ["medseal-verify", "--help"],
        ["medseal", "key", "--help"], ["medseal-verify", "trust", "--help"], ["medseal-verify", "audit", "help"],
        ["medseal-verify", "revocation", "-h"],
    ])
    func everyCommandHasHelp(command: [String]) throws {
        let result = try Tool.medseal(command[0], Array(command.dropFirst()))
        #expect(result.status == 0 && (result.stdout.contains("Usage:") || result.stdout.contains("Commands:")), "\(command): \(result.status) \(result.stderr)")
    }

    /// Every command of both programs, found in their own command lists: its usage line
    /// names exactly the options its help lists (both are made from one declaration).
    @Test func everyUsageLineNamesExactlyTheOptionsItsHelpLists() throws {
        var checked = 0
        for program in ["medseal", "medseal-verify"] {
            let listing = try Tool.medseal(program, ["--help"]).stdout
            let commands = listing.split(separator: "\n").filter { $0.hasPrefix("  \(program)") }.map { line in
                line.split(separator: " ").dropFirst().prefix { $0.first?.isLowercase == true }.map(String.init)
            }
            #expect(commands.count >= 6, "\(program) lists its commands")
            for words in commands {
                let help = try Tool.medseal(program, words + ["--help"])
                #expect(help.status == 0, "\(words)")
                let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                guard let start = lines.firstIndex(where: { $0.hasPrefix("Usage: ") }) else { Issue.record("\(words): no usage line"); continue }
                let usage = lines[start...].prefix { !$0.isEmpty }.joined(separator: " ")
                let options = lines.drop { $0 != "Options:" }.dropFirst().prefix { !$0.isEmpty }
                func names(_ text: String) -> Set<String> {
                    let parts = text.split(whereSeparator: { " []()|".contains($0) }).map(String.init)
                    return Set(parts.filter { $0.hasPrefix("--") && $0.count > 2 })
                }
                let firstWords: [String] = options.map { line in line.split(separator: " ").first.map(String.init) ?? "" }
                let listed = names(firstWords.joined(separator: " ")).subtracting(["--help"])
                let used = names(usage)
                #expect(used == listed, "\(program) \(words.joined(separator: " ")): usage \(used.sorted()) but options \(listed.sorted())")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    /// A mistyped command or option is answered with the one it most likely meant, and
    /// `medseal-verify verify TOKEN` is the verifier's own command by its name.
    @Test func typosGetTheNearestNameAndVerifyIsTheVerifiersName() throws {
        let group = try Tool.medseal("medseal-verify", ["trust", "lst"])
        #expect(group.status == 2 && group.stderr.contains("did you mean 'medseal-verify trust list'?"), "\(group.stderr)")
        let command = try Tool.medseal("medseal", ["isue"])
        #expect(command.status == 2 && command.stderr.contains("did you mean 'medseal issue'?"), "\(command.stderr)")
        let option = try Tool.medseal("medseal-verify", ["--trsut", "x", "MS1:X"])
        #expect(option.status == 2 && option.stderr.contains("did you mean --trust?"), "\(option.stderr)")
        let far = try Tool.medseal("medseal", ["frobnicate"])
        #expect(far.status == 2 && !far.stderr.contains("did you mean"))
        let issuer = try Issuer()
        #expect(try Tool.medseal("medseal", ["issue", "vaccination", "--key", issuer.key, "--in", "\(IssueAndVerifyTests.templates)/vaccination.json", "--out", issuer.folder + "/v"]).status == 0)
        let verified = try Tool.medseal("medseal-verify", ["verify", "--trust", issuer.trust, "--file", issuer.folder + "/v.token"])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("VALID"), "\(verified.stdout)\(verified.stderr)")
    }

    /// A group's name alone, or with a word that is not one of its commands, lists the group's
    /// commands in aligned columns and exits 2.
    @Test func aCommandGroupWithoutItsCommandListsThem() throws {
        for arguments in [["trust"], ["trust", "frob"]] {
            let result = try Tool.medseal("medseal-verify", arguments)
            #expect(result.status == 2, "\(arguments)")
            let lines = result.stderr.split(separator: "\n").dropFirst()
            #expect(lines.count >= 10 && lines.allSatisfy { $0.hasPrefix("  medseal-verify trust ") }, "\(result.stderr)")
            // Every summary starts in the same column.
            #expect(Set(lines.map { $0.firstRange(of: /\S   +\S/)!.upperBound.utf16Offset(in: $0) }).count == 1, "\(result.stderr)")
        }
        #expect(try Tool.medseal("medseal-verify", ["trust"]).stderr.hasPrefix("medseal-verify: 'trust' needs a command; one of:\n"))
    }

    @Test func versionIsPrinted() throws {
        for program in ["medseal", "medseal-verify"] {
            let result = try Tool.medseal(program, ["--version"])
            #expect(result.status == 0 && result.stdout.hasPrefix(program + " "))
        }
    }
}

@Suite("Damaged trust folder")
struct DamagedTrustTests {
    @Test func aDamagedPublicKeyFileIsReportedNotSkipped() throws {
        let folder = try Tool.temporaryFolder()
        try "{\"format\": \"medseal-issuer-public-key/1\"}".write(toFile: folder + "/broken.pub", atomically: true, encoding: .utf8)
        let result = try Tool.medseal("medseal-verify", ["--trust", folder, "MS1:ANYTHING"])
        #expect(result.status == 3 && result.stderr.contains("broken.pub"), "\(result.stderr)")
    }
}

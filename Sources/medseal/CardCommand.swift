import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal card`: renders printable cards (SVG or HTML) from templates.
enum CardCommand {
    static let command = Command(CommandSpec(
        ["card"],
        summary: "Render a printable card (SVG or HTML) for a token, or one card per line of a JSON-lines file.",
        arguments: "(--token FILE | --batch FILE)",
        options: [
            OptionSpec("token", "FILE", "The token file (as `medseal issue --out` writes it); - reads standard input."),
            OptionSpec("template", "NAME", "wallet (ID-1 card, front and back), sheet (the card twice on a page, cut marks), vaccination (A4 certificate), or your own in Templates/cards.", required: true),
            OptionSpec("paper", "SIZE", "For sheet: a4 (default) or letter."),
            OptionSpec("lang", "CODE", "Language of the card's labels: en, es, fr, de, pt (default en); the patient's data stays as written."),
            Options.errorCorrectionLevel,
            OptionSpec("out", "FILE", "FILE.svg or FILE.html; with --batch, a folder for the cards.", required: true),
            OptionSpec("batch", "FILE", "JSON lines: {\"token\": \"MS1:…\"}, a bare token, or {\"type\": \"emergency\", \"record\": {…}} (signed with --key)."),
            OptionSpec("format", "FORMAT", "With --batch: svg (default) or html."),
            OptionSpec("key", "FILE", "With --batch: the issuer key that signs records given as JSON."),
            Options.passphraseFile,
            OptionSpec("expires-in", "DURATION", "With --batch and --key: how long issued credentials are valid (default 365d)."),
            OptionSpec("templates", "DIR", "The Templates folder (default: found next to the program or in the working folder)."),
        ],
        details: """
        The QR code is drawn as vector paths with its 4-module quiet zone; its modules are never smaller than 0.33 mm:
        a token too long for the template is refused with a hint. Text is wrapped and shrunk to fit its box, and lists
        that still do not fit end with "… and N more, scan for all". Everything inserted is escaped.
        """
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let templates = try arguments.value("templates") ?? TemplatesFolder.find()
        let language = try arguments.value("lang").map { code throws(UserError) in try Language(code: code) } ?? .en
        let labels = CardLabels(language: language)
        let errorCorrection = try Options.errorCorrection(arguments)
        var name = try arguments.required("template")
        switch (name, arguments.value("paper")?.lowercased()) {
        case (_, nil), ("sheet", "a4"): break
        case ("sheet", "letter"): name = "sheet-letter"
        case (_, let paper?): throw UserError(.usage, "--paper '\(paper)' applies to the sheet template only, as a4 or letter")
        }
        let template = try CardTemplate(folder: templates + "/cards", name: name)
        let out = try arguments.required("out")
        let make = { (token: String, format: String) throws(UserError) -> Data in
            switch TokenCodec.bodyForm(of: token) {
            case .holderCredential?:
                throw UserError(.usage, "this is a patient's holder-bound credential, which verifiers do not accept as it is: print the card from the plain credential issued with it (BASE-card.token)")
            case .presentation?:
                throw UserError(.usage, "this is a presentation, which ends within days: print the card from the credential (BASE-card.token)")
            default: break
            }
            let claims: CredentialClaims
            do throws(FormatError) { claims = try CredentialClaims.unverified(token: token) } catch { throw UserError(.input, "not a readable MedSeal token: \(error.description)") }
            let renderer = CardRenderer(content: CardContent(claims: claims, labels: labels), code: try QRCode(alphanumeric: token, errorCorrection: errorCorrection), templates: templates)
            return Data((format == "html" ? try renderer.html(template) : try renderer.svg(template)).utf8)
        }
        guard let batch = arguments.value("batch") else {
            let format = out.lowercased().hasSuffix(".html") ? "html" : out.lowercased().hasSuffix(".svg") ? "svg" : ""
            guard !format.isEmpty else { throw UserError(.usage, "--out must end in .svg or .html") }
            let tokenPath = try arguments.required("token")
            // 'medseal issue --out BASE' wrote BASE.png and BASE.svg, the QR code: a card never
            // replaces them without a word.
            if tokenPath.hasSuffix(".token") {
                let base = String(tokenPath.dropLast(".token".count))
                if [base + ".svg", base + ".png"].contains(where: { URL(fileURLWithPath: $0).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL }),
                   FileManager.default.fileExists(atPath: out) {
                    throw UserError(.usage, "\(out) is the QR code 'medseal issue' wrote beside \(tokenPath); give the card another name, such as \(base)-\(template.name).\(format)")
                }
            }
            let token = try TokenFile.read(tokenPath)
            try FileStore.writeAtomically(try make(token, format), to: out)
            console.out("Wrote \(out) (\(template.name), \(language.rawValue))")
            if let side = CardRenderer.smallestQRSide(of: template, templates: templates),
               let warning = CredentialFiles.denseCodeWarning(try QRCode(alphanumeric: token, errorCorrection: errorCorrection), side: side, card: "the \(template.name) template") {
                console.error(console.warn(warning))
            }
            return 0
        }
        let format = arguments.value("format") ?? "svg"
        guard format == "svg" || format == "html" else { throw UserError(.usage, "--format '\(format)' is not svg or html") }
        let issuer = try Options.signingKey(arguments, role: .issuer, required: false).map(CredentialIssuer.init)
        let lifetime = try Options.duration(arguments, "expires-in", default: 365 * 86_400)
        // Every kind of line end ends a line: a Swift string holds a Windows "\r\n" as one
        // character, which splitting at "\n" would not find.
        let lines = try FileStore.readText(batch, limit: 1 << 30).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let folder = out.count > 1 && out.hasSuffix("/") ? String(out.dropLast()) : out
        try FileStore.ensureFolder(folder)
        var written = 0, failed = 0
        // Every card's token and a manifest beside the cards: what was signed here can be
        // found again, revoked or superseded (medseal revoke --id ID, or the token file).
        var manifest = ["line,id,type,name,expires,card,token"]
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = index + 1
            do throws(UserError) {
                let token = try BatchCardLine.token(String(line), issuer: issuer, lifetime: lifetime)
                let card = String(format: "card-%05d.%@", number, format), tokenFile = String(format: "card-%05d.token", number)
                try FileStore.writeAtomically(try make(token, format), to: folder + "/" + card)
                try FileStore.writeAtomically(Data((token + "\n").utf8), to: folder + "/" + tokenFile)
                if let claims = try? CredentialClaims.unverified(token: token) {
                    let cells = [String(number), ByteText.hex(claims.credentialID), claims.document.kind.rawValue, claims.document.holder.name,
                                 claims.expiresAt.map { Timestamps.format(Timestamps.date(epochSeconds: $0)) } ?? "", card, tokenFile]
                    manifest.append(cells.map { CSVCell.text($0, separator: ",") }.joined(separator: ","))
                }
                written += 1
            } catch {
                failed += 1
                console.error("line \(number): \(error.messageWithHint)")
            }
            if console.isTerminal { console.out("\r\(written) written, \(failed) failed (line \(number) of \(lines.count))", terminator: "") }
        }
        if console.isTerminal { console.out("") }
        try FileStore.writeAtomically(Data((manifest.joined(separator: "\n") + "\n").utf8), to: folder + "/manifest.csv")
        console.out("Wrote \(EnglishCount.of(written, "card")) to \(folder)/\(failed > 0 ? "; \(EnglishCount.of(failed, "line")) failed (see above)" : "") (with each card's token and manifest.csv)")
        return failed == 0 ? 0 : 2
    }
}

/// One line of a card batch file.
enum BatchCardLine {
    static func token(_ line: String, issuer: CredentialIssuer?, lifetime: Int64) throws(UserError) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") else { return trimmed }
        let parsed: Any
        do { parsed = try JSONSyntax.foundationValue(Data(trimmed.utf8)) } catch { throw UserError(.input, error.message ?? "not a JSON object or a token") }
        guard let object = parsed as? [String: Any] else { throw UserError(.input, "not a JSON object or a token") }
        if let token = object["token"] as? String { return token }
        guard let typeName = object["type"] as? String, let type = CredentialType(rawValue: typeName), let record = object["record"] else {
            throw UserError(.input, "expected {\"token\": …} or {\"type\": \"emergency|vaccination\", \"record\": {…}}")
        }
        guard let issuer else { throw UserError(.usage, "records given as JSON need --key to be signed") }
        guard let data = try? JSONWriter.data(record) else { throw UserError(.input, "record is not a JSON object") }
        let document: CredentialDocument
        do { document = try CredentialDocument.fromJSON(data, type: type) } catch { throw UserError(.input, error.description) }
        return try issuer.issue(document, lifetime: lifetime).token
    }
}

import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// `medseal demo`: the whole job in one go, in a temporary folder: issuer key → emergency
/// card and vaccination credential from the sample inputs → QR codes → verification →
/// a tampered token rejected → a revocation list imported and the revoked card refused.
enum DemoCommand {
    static let command = Command(CommandSpec(
        ["demo"],
        summary: "Run the whole job on the sample inputs: key, issue, QR, verify, tamper check, revocation.",
        options: [
            OptionSpec("templates", "DIR", "Folder holding inputs/emergency.json and inputs/vaccination.json (default: the repository's Templates)."),
            OptionSpec("out", "DIR", "Folder for the demo's files (default: a new temporary folder)."),
        ],
        details: "Exit status 0 when every step behaved as expected, 1 otherwise."
    )) { arguments, console in
        _ = try arguments.positionals(atMost: 0)
        let templates = try arguments.value("templates") ?? TemplatesFolder.find()
        let folder = arguments.value("out") ?? (NSTemporaryDirectory() + "medseal-demo-" + ByteText.hex(Sodium.randomBytes(4)))
        try FileStore.ensureFolder(folder + "/trust")
        var allExpected = true

        console.out(console.colour("1. Issuer key", "1"))
        let now = Date()
        let key = IssuerSigningKey.generate(issuer: "MedSeal Demo Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(5 * 31_536_000))
        try key.save(secretPath: folder + "/issuer.key", publicPath: folder + "/trust/issuer.pub")
        console.out("   kid \(key.publicKey.kidHex) for '\(key.publicKey.issuer)'; secret key in issuer.key (mode 0600), public key in trust/issuer.pub\n")

        console.out(console.colour("2. Issue credentials from the sample inputs", "1"))
        let issuer = CredentialIssuer(key: key)
        var tokens = [(CredentialType, String)]()
        for type in CredentialType.allCases {
            let document = try CredentialDocument.read(path: "\(templates)/inputs/\(type.rawValue).json", type: type)
            let issued = try issuer.issue(document, now: now, lifetime: 365 * 86_400)
            let code = try CredentialFiles.write(token: issued.token, base: "\(folder)/\(type.rawValue)", errorCorrection: .quartile)
            console.out("   \(type.rawValue): \(CredentialFiles.describe(code, token: issued.token)) → \(type.rawValue).token/.png/.svg")
            tokens.append((type, issued.token))
        }

        console.out("\n" + console.colour("3. The vaccination credential's QR code", "1"))
        let shown = try QRCode(alphanumeric: tokens[1].1, errorCorrection: .quartile)
        console.out(TerminalRenderer.render(shown, colour: ProcessInfo.processInfo.environment["NO_COLOR"] == nil), terminator: "")

        console.out("\n" + console.colour("4. Verify, offline, against trust/", "1"))
        let verifier = Verifier(trust: try TrustStore.load(folder: folder + "/trust"))
        let words = VerdictText(now: Timestamps.epochSeconds(Date()))
        let results = tokens.map { verifier.verify($0.1) }
        for (index, ((type, _), result)) in zip(tokens, results).enumerated() {
            allExpected = allExpected && result.isValid
            console.out("   \(type.rawValue): " + (result.isValid ? console.good(words.headline(result)) : console.bad(words.headline(result))))
            // The emergency card's details, under its own verdict, as a paramedic sees them.
            if index == 0 { console.out(words.details(result).map { "     " + $0 }.joined(separator: "\n")) }
        }

        console.out("\n" + console.colour("5. A tampered token is rejected", "1"))
        let tampered = tamper(tokens[1].1)
        let rejected = verifier.verify(tampered)
        allExpected = allExpected && !rejected.isValid
        console.out("   one character changed: " + (rejected.isValid ? console.bad("accepted (this is a bug)") : console.good(words.headline(rejected))))

        console.out("\n" + console.colour("6. The issuer revokes the emergency card; the verifier imports the signed list", "1"))
        let emergencyID = try CredentialReference.credentialID(tokens[0].1, issuer: key.publicKey.issuer)
        var list = try RevocationListFile.load(path: folder + "/revocations.list", key: key)
        list.add(hash: RevocationList.entryHash(issuer: key.publicKey.issuer, credentialID: emergencyID), reason: .revoked)
        try RevocationListFile.publish(&list, to: folder + "/revocations.list", key: key, now: now)
        let store = VerifierStore(folder: folder + "/trust")
        console.out("   " + (try store.importRevocationList([UInt8](try FileStore.read(folder + "/revocations.list", limit: DecodingLimits.maximumRevocationFileBytes)), now: now).message))
        let withLists = Verifier(trust: try store.trust(), policies: Verifier.policies(revocations: RevocationLists(store: store)))
        let afterRevocation = tokens.map { withLists.verify($0.1) }
        allExpected = allExpected && afterRevocation[0].status == .revoked && afterRevocation[1].isValid
        for ((type, _), result) in zip(tokens, afterRevocation) {
            console.out("   \(type.rawValue): " + (result.isValid ? console.good(words.headline(result)) : console.bad(words.headline(result))))
        }

        console.out("\n" + console.colour("Files", "1") + " in \(folder):")
        console.out("   issuer.key, trust/issuer.pub, emergency.token/.png/.svg, vaccination.token/.png/.svg, revocations.list")
        console.out("   Try: \(InstalledProgram.sibling("medseal-verify")) --trust \(folder)/trust --file \(folder)/emergency.token")
        return allExpected ? 0 : 1
    }

    /// Changes one character in the middle of the token to another Base45 character.
    static func tamper(_ token: String) -> String {
        var characters = Array(token)
        let index = characters.count / 2
        characters[index] = characters[index] == "A" ? "B" : "A"
        return String(characters)
    }
}

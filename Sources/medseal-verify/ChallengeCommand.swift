import Foundation
import MedSealCLI
import MedSealEncoding
import MedSealModel
import MedSealRendering

/// `medseal-verify --challenge [--purpose TEXT]`: a fresh nonce for a patient's presentation
/// to answer, so that a copy of an earlier presentation cannot pass.
enum ChallengeCommand {
    /// 80 random bits as 16 letters and digits of RFC 4648's base32 alphabet: typed or
    /// scanned without ambiguity, in QR alphanumeric mode.
    static func newNonce() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, value = 0, text = ""
        for byte in Sodium.randomBytes(10) {
            value = value << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                text.append(alphabet[(value >> bits) & 31])
            }
        }
        return text
    }

    static func run(_ arguments: ParsedArguments, _ console: Console) throws(UserError) -> Int32 {
        _ = try arguments.positionals(atMost: 0)
        let nonce = newNonce()
        let purpose = arguments.value("purpose")
        if let purpose, purpose.isEmpty || purpose.count > 200 { throw UserError(.usage, "--purpose must be 1 to 200 characters") }
        console.out(nonce)
        let code = try QRCode(alphanumeric: nonce, errorCorrection: .medium)
        console.error("Challenge" + (purpose.map { " for \(TerminalText.line($0))" } ?? "") + ": \(nonce)")
        console.error(String(TerminalRenderer.render(code, colour: ProcessInfo.processInfo.environment["NO_COLOR"] == nil).dropLast()))
        console.error("The patient answers it with: medseal present … --nonce \(nonce)")
        console.error("Verify the answer with: medseal-verify --nonce \(nonce) PRESENTATION (it is accepted once)")
        return 0
    }
}

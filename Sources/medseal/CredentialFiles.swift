import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// Writes an issued token and its QR images as `BASE.token`, `BASE.png`, `BASE.svg`.
enum CredentialFiles {
    /// Writes the three files and returns the QR code drawn.
    @discardableResult
    static func write(token: String, base: String, errorCorrection: QRCode.ErrorCorrection) throws(UserError) -> QRCode {
        let code = try QRCode(alphanumeric: token, errorCorrection: errorCorrection)
        try FileStore.writeAtomically(Data((token + "\n").utf8), to: base + ".token")
        try FileStore.writeAtomically(PNGEncoder.encode(code), to: base + ".png")
        try FileStore.writeAtomically(Data(SVGRenderer.document(code).utf8), to: base + ".svg")
        return code
    }

    /// The warning for a code too dense for a wallet card read by a laptop webcam, with what
    /// makes it smaller; nil when it is not. The wallet card's QR box is 46.8 mm square.
    static func denseCodeWarning(_ code: QRCode, side: Double = 46.8, card: String = "a wallet card") -> String? {
        let module = CardRenderer.moduleSize(of: code, side: side)
        guard module < CardRenderer.webcamModule else { return nil }
        let largest = (1...40).last { version in side / Double(17 + 4 * version + 8) >= CardRenderer.webcamModule } ?? 1
        return String(format: "warning: this QR code (version %d, modules of %.2f mm on %@) is denser than a laptop webcam reads reliably from a printed card (version %d at most there); paramedics may not be able to scan it. To make it smaller: shorten the notes and the longest entries, leave out what responders do not need, or choose --ecc M (less damage tolerance)",
                      code.version, module, card, largest)
    }

    /// `QR version 11 (61×61 modules, error correction Q), 297 characters`.
    static func describe(_ code: QRCode, token: String) -> String {
        "QR version \(code.version) (\(code.size)×\(code.size) modules, error correction \(code.errorCorrection.rawValue)), \(token.count) characters"
    }
}

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

    /// `QR version 11 (61×61 modules, error correction Q), 297 characters`.
    static func describe(_ code: QRCode, token: String) -> String {
        "QR version \(code.version) (\(code.size)×\(code.size) modules, error correction \(code.errorCorrection.rawValue)), \(token.count) characters"
    }
}

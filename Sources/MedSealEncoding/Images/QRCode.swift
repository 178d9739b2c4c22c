import CQREncode

/// A QR code symbol: its version, error correction level and module matrix.
/// Built with libqrencode in alphanumeric mode; this is the only file that calls libqrencode.
public struct QRCode: Sendable {
    /// Error correction level: the share of the symbol that may be damaged and still read.
    public enum ErrorCorrection: String, Sendable, CaseIterable {
        case low = "L", medium = "M", quartile = "Q", high = "H"

        var level: QRecLevel {
            switch self {
            case .low: return QR_ECLEVEL_L
            case .medium: return QR_ECLEVEL_M
            case .quartile: return QR_ECLEVEL_Q
            case .high: return QR_ECLEVEL_H
            }
        }
    }

    /// The QR version (1–40); the symbol is `17 + 4 × version` modules wide.
    public let version: Int
    public let errorCorrection: ErrorCorrection
    /// Modules per side.
    public let size: Int
    /// Row-major modules; `true` is dark.
    public let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Encodes `text` in alphanumeric mode (every character must be in the QR alphanumeric
    /// set, as MedSeal tokens are) at the smallest version that holds it.
    public init(alphanumeric text: String, errorCorrection: ErrorCorrection = .quartile) throws(UserError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw UserError(.input, "nothing to put in a QR code") }
        guard bytes.allSatisfy({ Base45.alphabet.contains($0) }) else {
            throw UserError(.input, "the text has characters outside the QR alphanumeric set")
        }
        guard let input = QRinput_new2(0, errorCorrection.level) else { throw UserError(.io, "libqrencode could not start") }
        defer { QRinput_free(input) }
        guard QRinput_append(input, QR_MODE_AN, Int32(bytes.count), bytes) == 0,
              let code = QRcode_encodeInput(input) else {
            throw UserError(.input, "\(bytes.count) characters do not fit in any QR code at error correction \(errorCorrection.rawValue)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.version = Int(code.pointee.version)
        self.errorCorrection = errorCorrection
        self.size = width
        self.modules = data.map { $0 & 1 == 1 }
    }
}

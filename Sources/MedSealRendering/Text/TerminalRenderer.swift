import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Draws a QR code in a terminal with Unicode half blocks, two module rows per text line,
/// with its quiet zone.
public enum TerminalRenderer {
    /// How many columns the drawing of `code` takes: a module each, with the quiet zone.
    public static func width(_ code: QRCode) -> Int { code.size + 2 * PNGEncoder.quietZone }

    /// The text to print. With `colour`, dark and light are forced to black and white with
    /// ANSI escapes so the code scans on dark-themed terminals too; without it (NO_COLOR,
    /// or not a terminal), dark modules are drawn as block characters.
    public static func render(_ code: QRCode, colour: Bool) -> String {
        let quiet = PNGEncoder.quietZone
        let span = width(code)
        func dark(_ x: Int, _ y: Int) -> Bool {
            let cx = x - quiet, cy = y - quiet
            return cx >= 0 && cy >= 0 && cx < code.size && cy < code.size && code.isDark(x: cx, y: cy)
        }
        var out = ""
        for y in stride(from: 0, to: span, by: 2) {
            if colour { out += "\u{1B}[30;107m" }
            for x in 0..<span {
                let top = dark(x, y)
                let bottom = y + 1 < span && dark(x, y + 1)
                switch (top, bottom) {
                case (true, true): out += "█"
                case (true, false): out += "▀"
                case (false, true): out += "▄"
                case (false, false): out += " "
                }
            }
            out += colour ? "\u{1B}[0m\n" : "\n"
        }
        return out
    }
}

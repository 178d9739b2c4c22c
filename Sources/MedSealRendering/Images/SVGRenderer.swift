import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Draws a QR code as an SVG image: one path of dark runs, with the 4-module quiet zone,
/// sized in millimetres when asked.
public enum SVGRenderer {
    /// The path data (`M x y h w v1 h-w z` per run of dark modules), in module units,
    /// offset by the quiet zone.
    public static func pathData(_ code: QRCode) -> String {
        var path = ""
        let offset = PNGEncoder.quietZone
        for y in 0..<code.size {
            var x = 0
            while x < code.size {
                guard code.isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < code.size && code.isDark(x: x, y: y) { x += 1 }
                path += "M\(start + offset) \(y + offset)h\(x - start)v1h-\(x - start)z"
            }
        }
        return path
    }

    /// A standalone SVG document of `code`; `moduleMillimetres` sets its printed size.
    public static func document(_ code: QRCode, moduleMillimetres: Double = 0.5) -> String {
        let modules = code.size + 2 * PNGEncoder.quietZone
        let millimetres = Double(modules) * moduleMillimetres
        let size = String(format: "%.2fmm", millimetres)
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(size)" height="\(size)" viewBox="0 0 \(modules) \(modules)" shape-rendering="crispEdges">
        <rect width="\(modules)" height="\(modules)" fill="#fff"/>
        <path fill="#000" d="\(pathData(code))"/>
        </svg>

        """
    }
}


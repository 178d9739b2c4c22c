import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Fitting text into a box without a font engine: a conservative estimate of glyph widths
/// (DejaVu Sans, the templates' font, is wide), word wrapping, and the direction of a line.
enum TextFit {
    /// The width in the same unit as `size` (the font size) of `text`.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x20, 0xA0: ems += 0.34
            case 0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x7C, 0x21, 0x69, 0x6A, 0x6C: ems += 0.36
            case 0x30...0x39: ems += 0.66
            case 0x41...0x5A: ems += 0.76
            case 0x61...0x7A: ems += 0.62
            case 0x0300...0x036F, 0x200B...0x200F, 0x2066...0x2069: break
            case 0x1100...0x11FF, 0x2E80...0xA4CF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0x20000...0x3FFFF: ems += 1.02
            case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: ems += 0.62
            case 0x1F300...0x1FAFF: ems += 1.2
            default: ems += 0.72
            }
        }
        return ems * size * (bold ? 1.1 : 1.0)
    }

    /// Whether a scalar starts a script written without spaces between words (CJK), where a
    /// line may break between any two characters.
    static func breaksAnywhere(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// `text` broken into lines no wider than `width` (long words and CJK broken where needed).
    static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false) -> [String] {
        var lines = [String]()
        var line = ""
        func fits(_ candidate: String) -> Bool { self.width(candidate, size: size, bold: bold) <= width }
        // Units: words with their following space, or single CJK characters.
        var units = [String]()
        var current = ""
        for character in text {
            if character.unicodeScalars.first.map(breaksAnywhere) == true {
                if !current.isEmpty { units.append(current); current = "" }
                units.append(String(character))
            } else if character == " " {
                units.append(current + " ")
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { units.append(current) }
        for unit in units {
            if fits(line + unit.trimmingTrailingSpace) { line += unit; continue }
            if !line.isEmpty { lines.append(line.trimmingTrailingSpace); line = "" }
            if fits(unit.trimmingTrailingSpace) { line = unit; continue }
            // A word longer than the line: break it between characters.
            for character in unit {
                if !line.isEmpty && !fits(line + String(character)) { lines.append(line.trimmingTrailingSpace); line = "" }
                line.append(character)
            }
        }
        if !line.trimmingTrailingSpace.isEmpty { lines.append(line.trimmingTrailingSpace) }
        return lines.isEmpty ? [""] : lines
    }

    /// Whether the first letter with a strong direction is right-to-left (Arabic, Hebrew …).
    static func isRightToLeft(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return true
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x2E80...0x9FFF: return false
            default: continue
            }
        }
        return false
    }

    /// Text safe inside XML and HTML: `& < > " '` escaped, control characters dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

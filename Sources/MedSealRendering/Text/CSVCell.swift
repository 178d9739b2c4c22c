import MedSealEncoding
import MedSealModel
import MedSealVerification

/// One text cell of a CSV (or semicolon- or tab-separated) report, safe to open in a
/// spreadsheet. Reports quote what unsigned cards and issuers' names say, and a spreadsheet
/// runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one)
/// as a formula: it could fetch a web page with the row's data or run a command. Such a
/// cell gets a leading apostrophe, which spreadsheets show as text and do not print; a cell
/// holding the separator, a quote or a line break is quoted (RFC 4180).
public enum CSVCell {
    /// The characters a spreadsheet may read as the start of a formula.
    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D] // = + - @ TAB CR

    /// `text` as a cell between `separator`s.
    public static func text(_ text: String, separator: Character) -> String {
        var cell = text
        if let first = text.utf8.first, formulaStarts.contains(first) { cell = "'" + text }
        let special = separator.asciiValue ?? 0x2C
        guard cell.utf8.contains(where: { $0 == special || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Rows of text cells in aligned columns, for listings on a terminal.
public enum TextColumns {
    /// One line per row, each cell but the last padded to its column's widest cell plus
    /// `gap` spaces. Widths count characters, so accented and other non-ASCII letters align.
    public static func aligned(_ rows: [[String]], gap: Int = 2) -> [String] {
        var widths = [Int]()
        for row in rows {
            for (column, cell) in row.enumerated() {
                if column == widths.count { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + gap)
            }.joined()
        }
    }
}

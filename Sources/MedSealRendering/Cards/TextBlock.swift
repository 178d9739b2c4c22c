import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Lines of text fitted into a box: the largest font size (down to a minimum) at which
/// every item fits, wrapped; when even the minimum is too large, as many items as fit and
/// a last line saying how many more there are. A single text too long even then ends with
/// "…" — never cut silently.
struct TextBlock {
    var lines: [String]
    var size: Double
    /// Whether every item is shown whole (false when some went to the "… more" line or a text ends in "…").
    var complete = true

    static func lineHeight(_ size: Double) -> Double { size * 1.25 }

    static func fit(_ items: [String], in box: Box, size: Double, minimum: Double, bold: Bool, bullets: Bool, more: ((Int) -> String)?) -> TextBlock {
        func layout(_ items: [String], _ size: Double) -> [String] {
            items.flatMap { item -> [String] in
                let wrapped = TextFit.wrap(item, width: box.width - (bullets ? size : 0), size: size, bold: bold)
                guard bullets else { return wrapped }
                return wrapped.enumerated().map { ($0.offset == 0 ? "• " : "   ") + $0.element }
            }
        }
        func fits(_ lines: [String], _ size: Double) -> Bool { Double(lines.count) * lineHeight(size) <= box.height + 0.01 }
        var candidate = size
        while candidate >= minimum - 0.001 {
            let lines = layout(items, candidate)
            if fits(lines, candidate) { return TextBlock(lines: lines, size: candidate) }
            candidate -= 0.1
        }
        // At the smallest size: keep whole items while room remains for the "… and N more" line.
        let capacity = max(1, Int((box.height + 0.01) / lineHeight(minimum)))
        if let more, items.count > 1 {
            var kept = [String]()
            var count = 0
            for item in items {
                let next = layout([item], minimum)
                if kept.count + next.count + 1 > capacity { break }
                kept += next
                count += 1
            }
            let tail = TextFit.wrap(more(items.count - count), width: box.width, size: minimum)
            return TextBlock(lines: Array((kept + tail).prefix(capacity)), size: minimum, complete: false)
        }
        var lines = Array(layout(items, minimum).prefix(capacity))
        if var last = lines.popLast() {
            while !last.isEmpty && TextFit.width(last + "…", size: minimum, bold: bold) > box.width { last.removeLast() }
            lines.append(last + "…")
        }
        return TextBlock(lines: lines, size: minimum, complete: false)
    }

    /// The lines as SVG `<text>` elements inside the box; right-to-left lines anchor on the right.
    func svg(box: Box, bold: Bool, colour: String = "#000") -> String {
        var output = ""
        for (index, line) in lines.enumerated() {
            let baseline = box.y + size * 0.95 + Double(index) * TextBlock.lineHeight(size)
            let rtl = TextFit.isRightToLeft(line.hasPrefix("• ") || line.hasPrefix("   ") ? String(line.dropFirst(2)) : line)
            let x = rtl ? box.x + box.width : box.x
            let direction = rtl ? " direction=\"rtl\" unicode-bidi=\"embed\" text-anchor=\"start\"" : ""
            output += "<text x=\"\(n(x))\" y=\"\(n(baseline))\" font-family=\"\(CardRenderer.fontFamily)\" font-size=\"\(n(size))\"\(bold ? " font-weight=\"bold\"" : "") fill=\"\(colour)\"\(direction) xml:space=\"preserve\">\(TextFit.escape(line))</text>"
        }
        return output
    }
}

/// The vaccination certificate's dose table: a header row and a row per dose, shrunk to
/// fit; rows that still do not fit are summed up in "… and N more, scan for all".
struct DoseTable {
    let rows: [[String]]
    let labels: CardLabels
    static let shares = [0.17, 0.43, 0.1, 0.15, 0.15]

    func svg(box: Box, size: Double, minimum: Double) -> String {
        let header = [labels("columnDate"), labels("columnVaccine"), labels("columnDose"), labels("columnLot"), labels("columnCountry")]
        var chosen = minimum
        var candidate = size
        while candidate >= minimum - 0.001 {
            if Double(rows.count + 1) * TextBlock.lineHeight(candidate) * 1.2 <= box.height { chosen = candidate; break }
            candidate -= 0.1
        }
        let rowHeight = TextBlock.lineHeight(chosen) * 1.2
        let capacity = max(1, Int(box.height / rowHeight)) - 1
        var shown = rows
        var tail: String?
        if rows.count > capacity {
            shown = Array(rows.prefix(max(0, capacity - 1)))
            tail = labels("andMore", String(rows.count - shown.count))
        }
        var output = ""
        for (index, row) in ([header] + shown).enumerated() {
            let y = box.y + Double(index) * rowHeight
            if index > 0 { output += "<line x1=\"\(n(box.x))\" y1=\"\(n(y))\" x2=\"\(n(box.x + box.width))\" y2=\"\(n(y))\" stroke=\"#ccc\" stroke-width=\"0.2\"/>" }
            var x = box.x
            for (column, cell) in row.enumerated() {
                let width = box.width * DoseTable.shares[column] - 1
                let block = TextBlock.fit([cell], in: Box([x, y + rowHeight * 0.1, width, TextBlock.lineHeight(chosen)]), size: chosen, minimum: chosen * 0.75, bold: index == 0, bullets: false, more: nil)
                output += block.svg(box: Box([x, y + rowHeight * 0.1, width, rowHeight]), bold: index == 0)
                x += box.width * DoseTable.shares[column]
            }
        }
        if let tail {
            let y = box.y + Double(shown.count + 1) * rowHeight
            output += TextBlock(lines: [tail], size: chosen).svg(box: Box([box.x, y + rowHeight * 0.1, box.width, rowHeight]), bold: false)
        }
        return output
    }
}

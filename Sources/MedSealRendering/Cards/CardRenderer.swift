import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Renders a card template for one credential: fills every box, draws the QR code as vector
/// paths with its quiet zone, and writes SVG (pages side by side) or HTML (one printed page
/// per side, exact millimetre sizes). Everything inserted is escaped.
public struct CardRenderer: Sendable {
    public let content: CardContent
    public let code: QRCode
    /// The folder holding `cards/` (for templates that place other templates).
    public let templates: String

    /// Smallest QR module, in millimetres, that phone cameras and handheld scanners read
    /// reliably from a printed card.
    public static let minimumModule = 0.33
    /// Smallest QR module, in millimetres, that a laptop webcam reads reliably from a printed
    /// card held up to it. Measured on the largest corpus record (version 20): photographed 600 px
    /// across the card, turned 4°, blurred, noisy and saved as JPEG, 0.45 mm modules (the wallet's
    /// 46.8 mm box) read every time, 0.42 mm (a 44 mm box) three times in four.
    public static let webcamModule = 0.44

    /// The side of the smallest QR box in `template` and the templates it places, in mm.
    public static func smallestQRSide(of template: CardTemplate, templates: String) -> Double? {
        var sides = [Double]()
        for page in template.pages {
            for tag in (try? CardTemplate.boxes(in: page.source).tags) ?? [] {
                let kind = CardTemplate.boxAttribute("data-medseal", in: tag)
                let numbers = (CardTemplate.boxAttribute("data-box", in: tag) ?? "").split(separator: " ").compactMap { Double($0) }
                if kind == "qr", numbers.count == 4 { sides.append(min(numbers[2], numbers[3])) }
                if kind == "card", let name = CardTemplate.boxAttribute("data-template", in: tag), name != template.name,
                   let nested = try? CardTemplate(folder: templates + "/cards", name: name),
                   let side = smallestQRSide(of: nested, templates: templates) {
                    sides.append(side)
                }
            }
        }
        return sides.min()
    }

    /// The module size `code` has in a square box of `side` mm, quiet zone included.
    public static func moduleSize(of code: QRCode, side: Double) -> Double {
        side / Double(code.size + 2 * PNGEncoder.quietZone)
    }

    static let fontFamily = "DejaVu Sans, Droid Sans Fallback, Noto Sans CJK SC, Noto Sans Arabic, sans-serif"

    public init(content: CardContent, code: QRCode, templates: String) {
        self.content = content
        self.code = code
        self.templates = templates
    }

    /// One SVG document with the template's pages side by side (5 mm apart).
    public func svg(_ template: CardTemplate) throws(UserError) -> String {
        try check(template)
        let gap = 5.0
        let width = template.pages.map(\.width).reduce(0, +) + gap * Double(template.pages.count - 1)
        let height = template.pages.map(\.height).max() ?? 0
        var body = ""
        var x = 0.0
        for page in template.pages {
            body += try nested(page, x: x, y: 0) + "\n"
            x += page.width + gap
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))mm" height="\(n(height))mm" viewBox="0 0 \(n(width)) \(n(height))">
        \(body)</svg>

        """
    }

    /// An HTML document printing each page on its own sheet of exactly the page's size.
    public func html(_ template: CardTemplate) throws(UserError) -> String {
        try check(template)
        let first = template.pages[0]
        var pages = ""
        for page in template.pages {
            pages += "<section class=\"page\">\n" + (try nested(page, x: 0, y: 0, standalone: true)) + "\n</section>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="\(content.labels.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(TextFit.escape(content.text("patient.name") ?? "MedSeal"))</title>
        <style>
        @page { size: \(n(first.width))mm \(n(first.height))mm; margin: 0; }
        html, body { margin: 0; padding: 0; }
        .page { width: \(n(first.width))mm; height: \(n(first.height))mm; overflow: hidden; break-after: page; page-break-after: always; }
        .page:last-child { break-after: auto; page-break-after: auto; }
        .page svg { display: block; }
        @media screen { .page { margin: 5mm; box-shadow: 0 0 2mm #999; } }
        </style>
        </head>
        <body>
        \(pages)</body>
        </html>

        """
    }

    func check(_ template: CardTemplate) throws(UserError) {
        if let type = template.type, type != content.type {
            throw UserError(.usage, "the '\(template.name)' template is for \(type.rawValue) credentials, and this token holds a \(content.type.rawValue) credential")
        }
    }

    /// A page as an `<svg>` placed at (x, y) inside another, in millimetres.
    func nested(_ page: CardTemplate.Page, x: Double, y: Double, standalone: Bool = false) throws(UserError) -> String {
        let filled = try fill(page.source)
        guard let root = CardTemplate.rootTag(filled), let range = filled.range(of: root) else { return filled }
        let size = standalone ? "width=\"\(n(page.width))mm\" height=\"\(n(page.height))mm\"" : "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(page.width))\" height=\"\(n(page.height))\""
        let opening = "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) viewBox=\"0 0 \(n(page.width)) \(n(page.height))\">"
        return filled.replacingCharacters(in: range, with: opening)
    }

    /// The template's SVG with every placeholder and box filled.
    func fill(_ source: String) throws(UserError) -> String {
        let (texts, tags) = try CardTemplate.boxes(in: source)
        var output = ""
        for (text, tag) in zip(texts, tags) { output += labelsFilled(text) + (try box(tag)) }
        return output + labelsFilled(texts[texts.count - 1])
    }

    func labelsFilled(_ text: Substring) -> String {
        var output = ""
        var rest = text
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[..<open.lowerBound]
            let field = String(rest[open.upperBound..<close.lowerBound]).trimmingSpaces
            output += TextFit.escape(content.text(field) ?? "")
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// One `<g data-medseal="…" …/>` box, drawn.
    func box(_ tag: String) throws(UserError) -> String {
        func attribute(_ name: String) -> String? { CardTemplate.boxAttribute(name, in: tag) }
        let kind = attribute("data-medseal") ?? ""
        let numbers = (attribute("data-box") ?? attribute("data-at") ?? "").split(separator: " ").compactMap { Double($0) }
        let size = attribute("data-size").flatMap(Double.init) ?? 3
        let minimum = attribute("data-min-size").flatMap(Double.init) ?? size * 0.6
        let bold = attribute("data-weight") == "bold"
        let field = attribute("data-field") ?? ""
        switch kind {
        case "text" where numbers.count == 4:
            let box = Box(numbers)
            return TextBlock.fit([content.text(field) ?? ""], in: box, size: size, minimum: minimum, bold: bold, bullets: false, more: nil).svg(box: box, bold: bold)
        case "list" where numbers.count == 4 && field == "record":
            let box = Box(numbers)
            let sections = content.sections
            return TextBlock.fit(sections.map(\.item), in: box, size: size, minimum: minimum, bold: false, bullets: false,
                                 more: { omitted in content.scanLine(omitting: sections.suffix(omitted)) })
                .svg(box: box, bold: false)
        case "list" where numbers.count == 4:
            let box = Box(numbers)
            let items = content.lists[field] ?? []
            let block = TextBlock.fit(items, in: box, size: size, minimum: minimum, bold: false, bullets: items.count > 1, more: { content.labels("andMore", String($0)) })
            if field == "critical" && !block.complete {
                throw UserError(.input, "the \(items.count) critical facts (severe allergies, risk medications, implants, directives, blood group) do not fit on this card even at its smallest type, and a card must not hide any of them; shorten the longest of them (notes on devices and directives are printed in full), or use a template whose critical-facts box is larger")
            }
            return block.svg(box: box, bold: false, colour: field == "critical" ? "#b71c1c" : "#000")
        case "table" where numbers.count == 4:
            return DoseTable(rows: content.doses, labels: content.labels).svg(box: Box(numbers), size: size, minimum: minimum)
        case "qr" where numbers.count == 4:
            return try qr(Box(numbers))
        case "card" where numbers.count == 2:
            let template = try CardTemplate(folder: templates + "/cards", name: attribute("data-template") ?? "")
            guard let page = template.pages.first(where: { $0.name == attribute("data-page") }) ?? template.pages.first else { return "" }
            return try nested(page, x: numbers[0], y: numbers[1])
        case "cutmarks" where numbers.count == 4:
            return Self.cutMarks(Box(numbers))
        default:
            throw UserError(.input, "a template box is not understood: \(tag)")
        }
    }

    /// The QR code filling the box's square, refused when its modules would be too small.
    func qr(_ box: Box) throws(UserError) -> String {
        let side = min(box.width, box.height)
        let modules = code.size + 2 * PNGEncoder.quietZone
        let module = side / Double(modules)
        guard module >= Self.minimumModule else {
            let needed = Double(modules) * Self.minimumModule
            throw UserError(.input, String(format: "the QR code (version %d, %d×%d modules with its quiet zone) needs %.1f mm to keep modules of at least %.2f mm, but this template gives it %.1f mm; put fewer fields in the record, choose a lower error correction (--ecc M or L), or use a larger template such as the sheet or the vaccination certificate", code.version, modules, modules, needed, Self.minimumModule, side))
        }
        return """
        <svg x="\(n(box.x))" y="\(n(box.y))" width="\(n(side))" height="\(n(side))" viewBox="0 0 \(modules) \(modules)" shape-rendering="crispEdges"><rect width="\(modules)" height="\(modules)" fill="#fff"/><path fill="#000" d="\(SVGRenderer.pathData(code))"/></svg>
        """
    }

    static func cutMarks(_ box: Box) -> String {
        let length = 5.0, gap = 1.5
        var path = ""
        for (x, y, dx, dy) in [(box.x, box.y, -1.0, -1.0), (box.x + box.width, box.y, 1.0, -1.0), (box.x, box.y + box.height, -1.0, 1.0), (box.x + box.width, box.y + box.height, 1.0, 1.0)] {
            path += "M\(n(x + dx * gap)) \(n(y))h\(n(dx * length))M\(n(x)) \(n(y + dy * gap))v\(n(dy * length))"
        }
        return "<path d=\"\(path)\" stroke=\"#000\" stroke-width=\"0.2\" fill=\"none\"/>"
    }
}

/// A rectangle in millimetres.
struct Box {
    let x, y, width, height: Double
    init(_ numbers: [Double]) {
        (x, y, width, height) = (numbers[0], numbers[1], numbers[2], numbers[3])
    }
}

/// A number for SVG: up to 3 decimals, no trailing zeros.
func n(_ value: Double) -> String {
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

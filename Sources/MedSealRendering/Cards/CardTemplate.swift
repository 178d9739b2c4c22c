import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// A card layout: one SVG file (`NAME.svg`) or one per side (`NAME.front.svg`,
/// `NAME.back.svg`) in `Templates/cards/`. Templates are data: static SVG with `{{label.KEY}}`
/// placeholders and `<g data-medseal="text|list|table|qr|card|cutmarks" …/>` boxes that the
/// renderer fills.
public struct CardTemplate: Sendable {
    public struct Page: Sendable {
        public let name: String
        let source: String
        /// Size in millimetres.
        public let width: Double
        public let height: Double
    }

    public let name: String
    public let pages: [Page]
    /// The credential type the layout is for (`data-medseal-type` on the root element).
    public let type: CredentialType?

    /// Loads template `name` from `folder` (the `cards` folder of the templates).
    public init(folder: String, name: String) throws(UserError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw UserError(.usage, "--template '\(name)' is not a template name (letters, digits, - and _)")
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".svg") }
        var chosen = files.filter { $0 == "\(name).svg" }
        if chosen.isEmpty {
            chosen = files.filter { $0.hasPrefix("\(name).") }.sorted { CardTemplate.order($0) < CardTemplate.order($1) }
        }
        guard !chosen.isEmpty else {
            let available = Set(files.map { String($0.split(separator: ".")[0]) }).sorted().joined(separator: ", ")
            throw UserError(.usage, "no template '\(name)' in \(folder) (available: \(available))")
        }
        var pages = [Page]()
        for file in chosen {
            let path = folder + "/" + file
            let source = CardTemplate.withoutComments(String(decoding: try FileStore.read(path), as: UTF8.self))
            guard let root = CardTemplate.rootTag(source),
                  let width = CardTemplate.millimetres(CardTemplate.attribute("width", in: root)),
                  let height = CardTemplate.millimetres(CardTemplate.attribute("height", in: root)) else {
                throw UserError(.input, "\(path): the root <svg> needs width and height in mm")
            }
            let parts = file.split(separator: ".")
            pages.append(Page(name: parts.count == 3 ? String(parts[1]) : "page", source: source, width: width, height: height))
        }
        self.name = name
        self.pages = pages
        type = CardTemplate.rootTag(pages[0].source).flatMap { CardTemplate.attribute("data-medseal-type", in: $0) }.flatMap(CredentialType.init(rawValue:))
    }

    /// The source without `<!-- … -->` comments (which may mention boxes as examples).
    static func withoutComments(_ source: String) -> String {
        var output = ""
        var rest = Substring(source)
        while let start = rest.range(of: "<!--") {
            output += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "-->") else { return output }
            rest = rest[end.upperBound...]
        }
        return output + rest
    }

    static func order(_ file: String) -> Int {
        file.contains(".front.") ? 0 : file.contains(".back.") ? 1 : 2
    }

    static func rootTag(_ source: String) -> String? {
        guard let start = source.range(of: "<svg"), let end = source[start.lowerBound...].firstIndex(of: ">") else { return nil }
        return String(source[start.lowerBound...end])
    }

    /// `source` cut at its boxes (`<g data-medseal="…" …/>`): the text around them (one more
    /// piece than there are boxes) and each box's tag.
    static func boxes(in source: String) throws(UserError) -> (texts: [Substring], tags: [String]) {
        var texts = [Substring](), tags = [String]()
        var rest = Substring(source)
        while let start = rest.range(of: "<g data-medseal=\"") {
            texts.append(rest[..<start.lowerBound])
            guard let end = rest[start.lowerBound...].range(of: "/>") else { throw UserError(.input, "a template box is not closed with />") }
            tags.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        texts.append(rest)
        return (texts, tags)
    }

    /// The attribute `name` of a box's tag (`<g data-medseal="…" …/>`).
    static func boxAttribute(_ name: String, in tag: String) -> String? {
        attribute(name, in: " " + tag.dropFirst(2))
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        let rest = tag[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func millimetres(_ text: String?) -> Double? {
        guard let text, text.hasSuffix("mm") else { return nil }
        return Double(text.dropLast(2))
    }
}

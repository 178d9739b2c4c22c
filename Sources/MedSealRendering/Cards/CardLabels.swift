import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The words printed on cards, in one language, from `Templates/locales/LANG.json`. A label
/// missing in that language falls back to English, then to its key.
public struct CardLabels: Sendable {
    public let language: Language
    private let labels: [String: String]
    private let english: [String: String]

    /// Reads the labels of `language` from the `locales` folder of `templates`.
    public init(templates: String, language: Language) throws(UserError) {
        func read(_ language: Language) throws(UserError) -> [String: String] {
            let path = "\(templates)/locales/\(language.rawValue).json"
            let data = try FileStore.read(path)
            let parsed: Any
            do { parsed = try JSONSyntax.foundationValue(data) } catch {
                throw UserError(.input, "\(path): " + (error.message ?? "not a label file (expected a JSON object of texts)"))
            }
            guard let object = parsed as? [String: String] else {
                throw UserError(.input, "\(path): not a label file (expected a JSON object of texts)")
            }
            return object
        }
        self.language = language
        english = try read(.en)
        labels = language == .en ? english : try read(language)
    }

    /// The label `key` with `{1}`, `{2}` … replaced by `arguments`.
    public func callAsFunction(_ key: String, _ arguments: String...) -> String {
        var text = labels[key] ?? english[key] ?? key
        for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index + 1)}", with: argument) }
        return text
    }

    /// Every key the English file has (for checking the other languages).
    public var keys: [String] { english.keys.sorted() }

    /// Whether this language's own file has `key`.
    public func has(_ key: String) -> Bool { labels[key] != nil }
}

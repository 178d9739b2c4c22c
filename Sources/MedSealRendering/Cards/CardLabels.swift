import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The words printed on cards, in one language: the `label.…` phrases of the one catalogue
/// (``Phrase``), which templates name as `{{label.KEY}}`. A key no phrase has is printed as
/// it is, so a mistyped placeholder shows on the proof instead of vanishing.
public struct CardLabels: Sendable {
    public let language: Language
    private let phrases: Phrases

    public init(language: Language) {
        self.language = language
        phrases = Phrases(language)
    }

    /// The label `key` with `{1}`, `{2}` … replaced by `arguments`.
    public func callAsFunction(_ key: String, _ arguments: String...) -> String {
        guard let phrase = Phrase(rawValue: "label." + key) else { return key }
        return phrases(phrase, arguments: arguments)
    }

    /// Every card label's key.
    public static var keys: [String] {
        Phrase.allCases.map(\.rawValue).filter { $0.hasPrefix("label.") }.map { String($0.dropFirst("label.".count)) }
    }
}

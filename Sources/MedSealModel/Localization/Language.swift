import Foundation
import MedSealEncoding

/// The languages the verifier's words come in (`--lang`). The patient's own data is always
/// shown as written.
public enum Language: String, CaseIterable, Sendable {
    case en, es, fr, de, pt

    /// The locale whose date format is used.
    var locale: Locale {
        switch self {
        case .en: return Locale(identifier: "en_GB")
        case .es: return Locale(identifier: "es_ES")
        case .fr: return Locale(identifier: "fr_FR")
        case .de: return Locale(identifier: "de_DE")
        case .pt: return Locale(identifier: "pt_PT")
        }
    }

    /// The language for `--lang CODE` (`en`, `es-MX`, `pt_BR` … use their first part).
    public init(code: String) throws(UserError) {
        let base = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard let language = Language(rawValue: base) else {
            throw UserError(.usage, "--lang '\(code)' is not one of \(Language.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = language
    }
}

/// The words of one language, with the dates and spans of time in its own form.
public struct Phrases: Sendable {
    public let language: Language
    private let table: [Phrase: String]

    public init(_ language: Language) {
        self.language = language
        table = Phrase.catalog(language)
    }

    /// The phrase with `{1}`, `{2}` … replaced by `arguments`.
    public func callAsFunction(_ phrase: Phrase, _ arguments: String...) -> String {
        self(phrase, arguments: arguments)
    }

    /// The phrase with `{1}`, `{2}` … replaced by the texts of `arguments`.
    public func callAsFunction(_ phrase: Phrase, arguments: [String]) -> String {
        var text = table[phrase] ?? Phrase.catalog(.en)[phrase] ?? phrase.rawValue
        for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index + 1)}", with: argument) }
        return text
    }

    /// An administrative sex code (`female`, `male`, `other`, `unknown`) in the language; any
    /// other text as it is.
    public func sex(_ code: String) -> String {
        switch code {
        case "female": return self(.sexFemale)
        case "male": return self(.sexMale)
        case "other": return self(.sexOther)
        case "unknown": return self(.sexUnknown)
        default: return code
        }
    }

    /// A date in the language's long form: `3 March 2026`, `3 de marzo de 2026`, `3. März 2026`.
    public func date(_ date: FullDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = language.locale
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        return formatter.string(from: Timestamps.date(epochSeconds: date.daysSinceEpoch * 86_400))
    }

    /// The date of a moment (UTC).
    public func date(epochSeconds: Int64) -> String { date(FullDate(epochSeconds: epochSeconds)) }

    /// `12 days`, `3 hours`, in the language.
    public func span(_ seconds: Int64) -> String {
        let value = abs(seconds)
        func unit(_ count: Int64, _ one: Phrase, _ many: Phrase) -> String { "\(count) " + self(count == 1 ? one : many) }
        if value >= 2 * 86_400 * 365 { return unit(value / (86_400 * 365), .unitYear, .unitYears) }
        if value >= 2 * 86_400 { return unit(value / 86_400, .unitDay, .unitDays) }
        if value >= 2 * 3_600 { return unit(value / 3_600, .unitHour, .unitHours) }
        if value >= 60 { return unit(value / 60, .unitMinute, .unitMinutes) }
        return unit(value, .unitSecond, .unitSeconds)
    }
}

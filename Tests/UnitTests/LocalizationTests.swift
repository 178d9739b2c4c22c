import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Words in five languages")
struct LocalizationTests {
    static func placeholders(_ text: String) -> Set<String> {
        Set((1...4).map { "{\($0)}" }.filter { text.contains($0) })
    }

    @Test(arguments: Language.allCases)
    func everyPhraseIsTranslatedWithTheSamePlaceholders(language: Language) {
        let table = Phrase.catalog(language)
        let english = Phrase.catalog(.en)
        for phrase in Phrase.allCases {
            let text = table[phrase]
            #expect(text?.isEmpty == false, "\(language): \(phrase) is missing")
            #expect(LocalizationTests.placeholders(text ?? "") == LocalizationTests.placeholders(english[phrase] ?? ""), "\(language): \(phrase)")
        }
    }

    @Test func datesFollowTheLanguage() {
        let date = FullDate("2026-03-03")!
        #expect(Phrases(.en).date(date) == "3 March 2026")
        #expect(Phrases(.es).date(date).contains("marzo"))
        #expect(Phrases(.fr).date(date).contains("mars"))
        #expect(Phrases(.de).date(date).contains("März"))
        #expect(Phrases(.pt).date(date).contains("março"))
        #expect(Phrases(.en)(.statusExpired, Phrases(.en).date(date), Phrases(.en)(.ago, Phrases(.en).span(12 * 86_400))) == "Expired on 3 March 2026 (12 days ago)")
    }

    /// The patient's sex is a code in the credential and a word in the reader's language.
    @Test func theSexCodeIsShownInTheLanguage() throws {
        let json = #"{"patient":{"name":"A B","birthDate":"1990-01-01","sex":"female"}}"#
        let document = try CredentialDocument.fromJSON(Data(json.utf8), type: .emergency)
        #expect(DocumentText.lines(document, profile: .full, Phrases(.de)).first?.hasSuffix(", weiblich") == true)
        #expect(DocumentText.lines(document, profile: .emergency, Phrases(.es)).first?.hasSuffix(", mujer") == true)
        #expect(DocumentText.lines(document, profile: .full, Phrases(.en)).first?.hasSuffix(", female") == true)
        for language in Language.allCases {
            let words = ["female", "male", "other", "unknown"].map { Phrases(language).sex($0) }
            #expect(Set(words).count == 4, "\(language): \(words)")
        }
        #expect(Phrases(.fr).sex("x") == "x")
    }

    @Test func languageCodesAreReadLeniently() throws {
        #expect(try Language(code: "pt-BR") == .pt)
        #expect(try Language(code: "DE") == .de)
        #expect(throws: UserError.self) { try Language(code: "xx") }
    }
}

@Suite("Card labels")
struct CardLabelTests {
    @Test(arguments: Language.allCases)
    func everyLanguageHasEveryCardLabel(language: Language) throws {
        let labels = try CardLabels(templates: TestPaths.templates, language: language)
        for key in labels.keys { #expect(labels.has(key), "\(language): \(key)") }
        #expect(labels("andMore", "3").contains("3"))
    }

    /// A label file edited by hand and broken: the error says where.
    @Test func aBrokenLabelFileIsLocated() throws {
        let templates = NSTemporaryDirectory() + "medseal-labels-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: templates + "/locales", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        try Data("{\n  \"title\": \"Emergency\",\n  \"name\" \"Name\"\n}\n".utf8).write(to: URL(fileURLWithPath: templates + "/locales/en.json"))
        #expect(throws: UserError(.input, "\(templates)/locales/en.json: not valid JSON at line 3, column 10: expected ':' after the name, found '\"'")) {
            try CardLabels(templates: templates, language: .en)
        }
    }
}

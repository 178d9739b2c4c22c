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
    /// Every label a card template names is a phrase of the one catalogue, in every language
    /// (the catalogue test checks each language has each phrase, with the same placeholders).
    @Test(arguments: Language.allCases)
    func everyLabelATemplateNamesIsInTheCatalogue(language: Language) throws {
        let labels = CardLabels(language: language)
        let folder = TestPaths.templates + "/cards"
        var named = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".svg") {
            // Outside comments (which describe the placeholders).
            let svg = try String(contentsOfFile: folder + "/" + file, encoding: .utf8).replacing(/<!--(?s:.)*?-->/, with: "")
            for match in svg.matches(of: /(?:\{\{|data-field=")label\.([A-Za-z]+)/) { named.insert(String(match.1)) }
        }
        #expect(named.count >= 7, "\(named)")
        for key in named {
            #expect(CardLabels.keys.contains(key), "\(key) is named by a template but is no label")
            #expect(labels(key) != key && !labels(key).isEmpty, "\(language): \(key)")
        }
        #expect(labels("andMore", "3").contains("3") && labels("noSuchLabel") == "noSuchLabel")
    }
}

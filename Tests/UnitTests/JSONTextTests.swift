import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("JSON text")
struct JSONTextTests {
    /// Text that needs every kind of escape, next to text that needs none.
    static let awkward = [
        "", "plain", "say \"hi\"", "back\\slash", "line\nfeed", "cr\rtab\t", "nul\u{0}bell\u{7}unit\u{1F}", "delete\u{7F}",
        "line\u{2028}para\u{2029}end", "\u{2028}", "\u{2029}", "ends with \u{E2}", "€ ‰ …", "emoji 👩‍⚕️🩺", "עברית العربية",
        "e\u{301} combining", "\u{FEFF}bom", "mid\u{FEFF}dle", String(repeating: "long ", count: 400),
    ]

    /// The literal as JSON parses it back must be the text itself.
    @Test(arguments: awkward)
    func aQuotedStringReadsBackAsItself(_ text: String) throws {
        let literal = JSONText.quoted(text)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(parsed == [text], "\(literal)")
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x2028 || $0.value == 0x2029 }, "escaped: \(literal)")
        #expect(!literal.hasPrefix("\"\u{FEFF}"), "a leading byte order mark is escaped: \(literal)")
    }

    @Test func escapesAreWrittenOneWayOnly() {
        // Hashes in the audit log are recomputed over this text, so it must never change.
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{0}g\u{1F}h\u{2028}i\u{2029}j\u{7F}k\u{FEFF}") == #""a\"b\\c\nd\re\tf\u0000g\u001fh\u2028i\u2029j\#u{7F}k\#u{FEFF}""#)
        #expect(JSONText.quoted("\u{FEFF}x") == #""\ufeffx""#)
    }

    @Test func fieldsAddedLaterTakeTheirPlaceInKeyOrder() {
        let fields: [String: JSONValue] = ["verdict": .string("valid"), "seq": .int(-12), "valid": .bool(true), "operator": .null,
                                           "rules": .strings(["a:met", "b\"x:not-met"]), "Z": .string("upper sorts first"), "é": .string("after z")]
        #expect(JSONText.object(fields) == #"{"Z":"upper sorts first","operator":null,"rules":["a:met","b\"x:not-met"],"seq":-12,"valid":true,"verdict":"valid","é":"after z"}"#)
        var later = JSONText.Fields(fields.filter { !["Z", "seq", "é"].contains($0.key) })
        later.set("é", json: #""after z""#)
        later.set("seq", json: "7")
        later.set("Z", json: #""upper sorts first""#)
        later.set("seq", json: "-12")
        #expect(String(decoding: later.bytes, as: UTF8.self) == JSONText.object(fields))
    }
}

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

@Suite("The one JSON writer")
struct JSONWriterTests {
    /// Foundation's own writer is the oracle for layout: files written before the one writer
    /// (key files, vectors) are written byte for byte the same.
    @Test func writesWhatFoundationsPrettyPrinterWrote() throws {
        let value: [String: Any] = ["b": [Any](), "a": [String: Any](), "c": [1, 2.5, true, "x/y é\n\"q\"\\"], "d": NSNull(),
                                    "e": 1e21, "f": 0.1, "g": Int64.max, "h": -3, "i": 1.0, "j": ["z": false, "y": ["k": "v"]]]
        for pretty in [false, true] {
            let foundation = try JSONSerialization.data(withJSONObject: value, options: pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes])
            #expect(String(decoding: try JSONWriter.data(value, pretty: pretty), as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        }
        // Numbers Foundation's reader made keep their kind: a boolean stays one, 1 stays 1.
        let read = try #require(JSONTape.object(Array(#"{"t":true,"one":1,"half":0.5,"f":false}"#.utf8)))
        #expect(String(decoding: try JSONWriter.data(read), as: UTF8.self) == #"{"f":false,"half":0.5,"one":1,"t":true}"#)
    }

    @Test func writesEncodableValuesByTheirFieldNames() throws {
        struct Entry: Codable, Equatable { var kid: Data; var name: String; var count: Int?; var items: [Int64] }
        let entry = Entry(kid: Data([0, 1, 254, 255]), name: "Zoë", count: nil, items: [-1, 0, Int64.min])
        let json = try JSONWriter.data(encoding: entry)
        #expect(String(decoding: json, as: UTF8.self) == #"{"items":[-1,0,-9223372036854775808],"kid":"AAH+/w==","name":"Zoë"}"#)
        // Read back by the one reader and the decoder every JSON input goes through.
        #expect(try CBORValueDecoder.decode(Entry.self, from: JSONReader.parse(Array(json))) == entry)
        #expect(throws: JSONWriter.Unwritable.self) { try JSONWriter.data(["x": Double.nan]) }
        #expect(throws: JSONWriter.Unwritable.self) { try JSONWriter.data(cbor: .map([CBORMapEntry(.int(1), .null)])) }
    }
}

@Suite("Trimming spaces")
struct SpaceTrimmingTests {
    /// Foundation's `.whitespaces` is the oracle: the same result for every text, spaces of
    /// every kind (tab, no-break, ideographic, thin) at either end or none, line feeds kept.
    @Test func trimsWhatFoundationTrims() {
        let spaces = [" ", "\t", "\u{00A0}", "\u{3000}", "\u{2009}", ""]
        for word in ["", "a", "Zoë", "مرحبا", "a b", "\n", "x\n", "\u{301}e"] {
            for before in spaces {
                for after in spaces {
                    let text = before + word + after
                    #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
                }
            }
        }
    }
}

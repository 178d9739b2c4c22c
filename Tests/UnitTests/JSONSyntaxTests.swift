import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Where a hand-edited JSON file stops being JSON, said as line, column and reason.
@Suite("JSON syntax errors located")
struct JSONSyntaxTests {
    @Test(arguments: [
        ("{\"patient\":", 1, 12, "the text ends where a value should be"),
        ("{\n  \"name\": \"Ana\",\n  \"age\": tru\n}", 3, 10, "expected a value, found 't' (JSON words are true, false and null, and text needs double quotes)"),
        ("{\n  \"a\": 1,\n  ,\n}", 3, 3, "expected a name in double quotes, found ','"),
        ("[1, 2,,]", 1, 7, "expected a value, found ','"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the name, found '1'"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' in the object opened at line 1, column 1, found '\"'"),
        ("{\n \"list\": [1, 2\n", 3, 1, "the text ends inside the array opened at line 2, column 10"),
        ("{\"a\": \"open}", 1, 13, "the text ends inside the string opened at line 1, column 7"),
        ("{\"a\": \"two\nlines\"}", 1, 11, "line break inside a string (a string ends with '\"' on its line; write \\n for a line break)"),
        ("{\"a\": \"tab\there\"}", 1, 11, "character 0x9 inside a string (write it as an escape)"),
        ("{\"a\": \"\\x\"}", 1, 8, "unknown escape '\\x' in a string"),
        ("{\"a\": \"\\u12G4\"}", 1, 8, "\\u must be followed by four hexadecimal digits"),
        ("{\"a\": 012}", 1, 7, "'012' is not a JSON number (no leading zeros)"),
        ("{\"a\": 1.}", 1, 7, "'1.' is not a JSON number (a digit must follow '.')"),
        ("{\"a\": -}", 1, 7, "'-' is not a JSON number (a digit must follow '-')"),
        ("{\"a\": 2e}", 1, 7, "'2e' is not a JSON number (a digit must follow the exponent's 'e')"),
        ("{\"a\": 12abc}", 1, 7, "'12abc' is not a JSON number (unexpected 'a')"),
        ("{\"a\": 'single'}", 1, 7, "expected a value, found '''"),
        ("{\"é\": é}", 1, 7, "expected a value, found 'é'"),
        ("{} {}", 1, 4, "'{' after the end of the JSON value"),
        ("", 1, 1, "no JSON value (the text is empty)"),
        (" \n ", 2, 2, "no JSON value (the text is empty)"),
    ])
    func namesLineColumnAndReason(text: String, line: Int, column: Int, reason: String) throws {
        let problem = try #require(JSONSyntax.firstProblem(in: Array(text.utf8)))
        #expect(problem == JSONSyntax.Problem(line: line, column: column, reason: reason))
        // Through the parser every input goes through, with Foundation refusing first.
        #expect(throws: FieldError("not valid JSON at line \(line), column \(column): \(reason)")) { try JSONTree.parse(Data(text.utf8)) }
    }

    /// A name given twice in one object: Foundation keeps one value and drops the other, so
    /// a hand-edited record would lose a list without a word. Names are compared after their
    /// escapes are read; the same name in two different objects is fine.
    @Test func aNameGivenTwiceInOneObjectIsFound() throws {
        let record = "{\"patient\": {\"name\": \"A\"},\n \"allergies\": [{\"substance\": \"Penicillin\"}],\n \"allergies\": [{\"substance\": \"Latex\"}]}"
        let expected = "line 3, column 2: 'allergies' is given twice in the object opened at line 1, column 1 (first at line 2, column 2), and only one would be read: merge them or remove one"
        #expect(JSONSyntax.duplicateName(in: Data(record.utf8)) == expected)
        #expect(throws: FieldError(expected)) { try JSONTree.parse(Data(record.utf8)) }
        #expect(throws: JSONSyntax.Refusal.self) { try JSONSyntax.foundationValue(Data(record.utf8)) }
        #expect(JSONSyntax.firstProblem(in: Array(#"{"a": 1, "a": 2}"#.utf8))?.reason.hasPrefix("'a' is given twice") == true)
        #expect(JSONSyntax.firstProblem(in: Array(#"[{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": 4}]"#.utf8)) == nil)
        #expect(JSONSyntax.firstProblem(in: Array(#"{"a": {"b": 1, "b": 2}}"#.utf8))?.reason.hasPrefix("'b' is given twice in the object opened at line 1, column 7") == true)
        // Through the readers of input documents, rule files and signed SMART Health Card parts.
        let document = try String(contentsOfFile: TestPaths.templates + "/inputs/emergency.json", encoding: .utf8).replacingOccurrences(of: "\"bloodType\": \"A+\",", with: "\"bloodType\": \"A+\", \"bloodType\": \"O-\",")
        #expect(throws: FieldError.self) { try CredentialDocument.fromJSON(Data(document.utf8), type: .emergency) }
        let rule = "{\"id\": \"x\", " + (try String(contentsOfFile: TestPaths.templates + "/rules/school-entry-mmr.json", encoding: .utf8)).drop { $0 != "{" }.dropFirst()
        #expect(throws: UserError(.input, "rule.json: line 3, column 3: 'id' is given twice in the object opened at line 1, column 1 (first at line 1, column 2), and only one would be read: merge them or remove one")) {
            try AcceptanceRule(fileData: Data(rule.utf8), name: "rule.json")
        }
    }

    @Test func bytesThatAreNotUTF8AreNamed() {
        #expect(JSONSyntax.firstProblem(in: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])
                == JSONSyntax.Problem(line: 1, column: 7, reason: "not UTF-8 text (byte 0xFF)"))
        #expect(JSONSyntax.firstProblem(in: [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00])?.reason == "not UTF-8 text (byte 0xFF)")
    }

    @Test func nestingIsCapped() {
        let deep = String(repeating: "[", count: JSONSyntax.maximumDepth + 1) + String(repeating: "]", count: JSONSyntax.maximumDepth + 1)
        #expect(JSONSyntax.firstProblem(in: Array(deep.utf8)) == JSONSyntax.Problem(line: 1, column: JSONSyntax.maximumDepth + 1, reason: "nested more than 512 deep"))
        let deepest = String(repeating: "[", count: JSONSyntax.maximumDepth) + String(repeating: "]", count: JSONSyntax.maximumDepth)
        #expect(JSONSyntax.firstProblem(in: Array(deepest.utf8)) == nil)
    }

    /// Every JSON file the project ships is found valid, and for each one, every text made by
    /// deleting one byte or putting a stray one in is judged as Foundation judges it: when
    /// Foundation refuses it, a problem is located, and when Foundation accepts it, none is.
    @Test func agreesWithFoundationOnEveryShippedFileAndItsMutations() throws {
        let folders = [TestPaths.templates, TestPaths.vectors + "/cases", TestPaths.vectors + "/inputs"]
        var files = [String]()
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
            files += names.map { folder + "/" + $0 }
        }
        files += try FileManager.default.subpathsOfDirectory(atPath: TestPaths.templates).filter { $0.hasSuffix(".json") }.map { TestPaths.templates + "/" + $0 }
        #expect(files.count > 20)
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for file in Set(files).sorted() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(JSONSyntax.firstProblem(in: bytes) == nil, "\(file)")
            for _ in 0..<40 {
                var mutated = bytes
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                if Bool.random(using: &generator) {
                    mutated.remove(at: index)
                } else {
                    mutated.insert(Array("{}[],:\"\\ax0-.e\n\t".utf8).randomElement(using: &generator)!, at: index)
                }
                let foundationAccepts = (try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed])) != nil
                let problem = JSONSyntax.firstProblem(in: mutated)
                // A repeated name (a deletion can make one) is a problem Foundation accepts.
                #expect(problem?.isDuplicateName == true || foundationAccepts == (problem == nil),
                        "\(file) mutated at \(index): Foundation \(foundationAccepts ? "accepts" : "refuses"), \(problem.map(String.init(describing:)) ?? "no problem found")")
                if problem != nil { refused += 1 }
                // The tree reader accepts exactly what the syntax scanner accepts, and reads
                // the values Foundation reads.
                let tree = try? JSONReader.parse(mutated)
                // (It also refuses text that is not UTF-8, which Foundation reads with repairs.)
                let utf8 = String(validating: mutated, as: UTF8.self) != nil
                #expect((tree != nil) == (problem == nil && utf8), "\(file) mutated at \(index): the reader \(tree == nil ? "refuses" : "accepts"), \(problem.map(String.init(describing:)) ?? "no problem found")")
                if let tree, let value = try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed]) {
                    #expect(Self.same(tree, value), "\(file) mutated at \(index): the reader and Foundation read different values")
                }
            }
        }
        #expect(refused > 100, "the mutations reach the error paths")
    }

    /// Whether a tree read by ``JSONReader`` holds the value Foundation read.
    static func same(_ tree: CBOR, _ value: Any) -> Bool {
        switch (tree, value) {
        case (.null, is NSNull): return true
        case (.text(let text), let other as String): return text == other
        case (.bool(let flag), let number as NSNumber) where String(cString: number.objCType) == "c": return number.boolValue == flag
        case (.float(let double), let number as NSNumber): return number.doubleValue == double
        case (_, let number as NSNumber) where tree.intValue != nil: return number.doubleValue == Double(tree.intValue!)
        case (.array(let items), let others as [Any]): return items.count == others.count && zip(items, others).allSatisfy { same($0, $1) }
        case (.map(let entries), let object as [String: Any]):
            return entries.count == object.count && entries.allSatisfy { entry in
                guard case .text(let key) = entry.key, let other = object[key] else { return false }
                return same(entry.value, other)
            }
        default: return false
        }
    }

    @Test func theTreeReaderReadsEscapesNumbersAndRefusesWhatFoundationWouldMerge() throws {
        let tree = try JSONReader.parse(Array(#"{"b":[1,-0,2.5,1e3,12345678901234567890,true,null],"a":"\u00e9\ud83d\ude00\n\"x\""}"#.utf8))
        #expect(tree == .map([CBORMapEntry(.text("a"), .text("é😀\n\"x\"")),
                              CBORMapEntry(.text("b"), .array([.int(1), .int(0), .float(2.5), .int(1000), .float(12345678901234567890), .bool(true), .null]))]))
        for bad in [#"{"a":1,"a":2}"#, #"{"é":1,"e\u0301":2}"#, "[" + String(repeating: "[", count: 70) + String(repeating: "]", count: 71), #""\ud800""#, "[,]", "[1,,]", "01", "\"\u{1}\""] {
            #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func theTapeFindsValuesWhereTheyLieAndRefusesNamesGivenTwiceInAnyForm() throws {
        let tape = try JSONTape(Array(#"{"iss":"https://x.example","nbf":1687450764.656,"n":3e0,"vc":{"type":["a","b"],"e\u0301":"é","rid":null},"ok":true}"#.utf8))
        let root = tape.root
        #expect(root.kind == .object && root.count == 5)
        #expect(root["iss"]?.text == "https://x.example")
        #expect(root["nbf"]?.double == 1687450764.656 && root["nbf"]?.integer == nil)
        #expect(root["n"]?.integer == 3)
        #expect(root["vc"]?["type"]?.items.compactMap(\.text) == ["a", "b"])
        #expect(root["vc"]?["e\u{301}"]?.text == "é" && root["vc"]?["\u{e9}"]?.text == "é")
        // Looked up as the duplicate rule compares names: a Kelvin sign is the letter K.
        #expect(try JSONTape(Array(#"{"\#u{212A}":1}"#.utf8)).root["K"]?.integer == 1)
        #expect(root["vc"]?["rid"]?.kind == .null && root["ok"]?.bool == true)
        #expect(root["missing"] == nil && root["iss"]?["iss"] == nil && root["vc"]?["type"]?.first?.text == "a")
        // Names written with escapes are found by their text; names made at run time too.
        let escaped = try JSONTape(Array(#"{"\u0061b":"x\u0021","d":"2021-01-01T11:45:33+11:00","e":"","l":[1,"q"]}"#.utf8)).root
        #expect(escaped["ab"]?.text == "x!" && escaped.member(named: "a" + "b")?.isText("x!") == true && escaped.member(named: "zz") == nil)
        #expect(escaped["ab"]?.withPlainTextBytes { _ in true } == nil && escaped["d"]?.withPlainTextBytes { FullDate(utf8: UnsafeBufferPointer(rebasing: $0.prefix(10))) } == FullDate("2021-01-01"))
        #expect(escaped["e"]?.isNonEmptyText == false && escaped["d"]?.isNonEmptyText == true && escaped["l"]?.isNonEmptyText == false)
        #expect(escaped["l"]?.containsItem { $0.isText("q") } == true && escaped["l"]?.containsItem { $0.isText("r") } == false && escaped["d"]?.containsItem { _ in true } == false)
        // The same name, written with an escape, precomposed and decomposed, or among many.
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        for bad in [#"{"a":1,"\u0061":2}"#, #"{"\u00e9":1,"e\u0301":2}"#, "{\(many),\"k7\":0}", "{\(many),\"k\\u0037\":0}"] {
            #expect(throws: JSONTape.Failure.self, "\(bad.prefix(30))") { try JSONTape(Array(bad.utf8)) }
        }
        _ = try JSONTape(Array("{\(many)}".utf8))
        // Nesting is bounded without recursion: 64 levels read, 65 refused.
        _ = try JSONTape(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8))
        #expect(throws: JSONTape.Failure.self) { try JSONTape(Array((String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)).utf8)) }
    }
}

import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Base45 (RFC 9285)")
struct Base45Tests {
    /// The examples of RFC 9285 §4.3 and §4.4.
    @Test(arguments: [("AB", "BB8"), ("Hello!!", "%69 VD92EX0"), ("base-45", "UJCLQE7W581"), ("ietf!", "QED8WEX0")])
    func rfcExamples(plain: String, encoded: String) throws {
        #expect(Base45.encode(Array(plain.utf8)) == encoded)
        #expect(try Base45.decode(Substring(encoded)) == Array(plain.utf8))
    }

    @Test func roundTripsEveryByteValue() throws {
        let bytes = (0...255).map { UInt8($0) } + [0xFF, 0xFF, 0x00]
        #expect(try Base45.decode(Substring(Base45.encode(bytes))) == bytes)
    }

    @Test(arguments: ["GGW", "A", "ABCD", "AB~", "ab8"])
    func refusesInvalidText(_ text: String) {
        #expect(throws: FormatError.self) { try Base45.decode(Substring(text)) }
    }

    @Test func namesTheBadCharacter() {
        #expect(throws: FormatError("Base45", "character '~' is not in the Base45 alphabet", at: 2)) {
            try Base45.decode("AB~")
        }
    }

    /// Each refusal names what is wrong and where, wherever in the text it is: in the first
    /// triplet, after many good ones, or in a final pair.
    @Test(arguments: [
        ("GGW", FormatError("Base45", "triplet value 65536 exceeds two bytes", at: 0)),
        ("BB8BB8BB8GGWBB8", FormatError("Base45", "triplet value 65536 exceeds two bytes", at: 9)),
        ("BB8BB8a", FormatError("Base45", "length 7 leaves a single dangling character")),
        ("BB8BB8BB8BB8BB8BBa", FormatError("Base45", "character 'a' is not in the Base45 alphabet", at: 17)),
        ("BB8::", FormatError("Base45", "final pair value 2024 exceeds one byte", at: 3)),
        ("BB8B\u{7F}", FormatError("Base45", "character 0x7F is not in the Base45 alphabet", at: 4)),
    ])
    func namesWhatIsWrongAndWhere(text: String, error: FormatError) {
        #expect(throws: error) { try Base45.decode(Substring(text)) }
    }
    /// Text typed with Caps Lock on (every letter small, digits and symbols as they were)
    /// reads as the capitals it stands for; the strict decoder still refuses it, and letters
    /// in both cases are refused, at the first small one.
    @Test func readsTextTypedWithCapsLockOnAndNoMixedCase() throws {
        let bytes = (0...255).map { UInt8($0) } + [0xFF, 0xFF, 0x00]
        let text = Base45.encode(bytes)
        let typed = text.lowercased()
        #expect(typed != text && typed.uppercased() == text)
        #expect(try Base45.decodeTyped(Substring(typed).utf8) == bytes)
        #expect(try Base45.decodeTyped(Substring(text).utf8) == bytes)
        #expect(throws: FormatError.self) { try Base45.decode(Substring(typed)) }
        #expect(throws: FormatError("Base45", "small and capital letters mixed: Base45 letters are capitals, and only text whose letters are all small (typed with Caps Lock on) is read", at: 4)) {
            try Base45.decodeTyped(Substring("BB8BbB").utf8)
        }
        // All small but wrong for another reason: that reason is named, where it is.
        #expect(throws: FormatError("Base45", "character '~' is not in the Base45 alphabet", at: 4)) {
            try Base45.decodeTyped(Substring("bb8b~8").utf8)
        }
        #expect(throws: FormatError("Base45", "triplet value 65536 exceeds two bytes", at: 3)) {
            try Base45.decodeTyped(Substring("bb8ggw").utf8)
        }
    }
}

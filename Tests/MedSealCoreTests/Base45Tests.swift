import Testing
@testable import MedSealCore

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
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("CBOR (RFC 8949)")
struct CBORTests {
    static func hex(_ text: String) -> [UInt8] { ByteText.bytes(hex: text)! }

    /// Examples from RFC 8949 Appendix A, in their deterministic encoding.
    static let examples: [(CBOR, String)] = [
        (.int(0), "00"), (.int(23), "17"), (.int(24), "1818"), (.int(1000), "1903e8"),
        (.int(1_000_000), "1a000f4240"), (.unsigned(18_446_744_073_709_551_615), "1bffffffffffffffff"),
        (.int(-1), "20"), (.int(-1000), "3903e7"), (.float(1.5), "f93e00"), (.float(100000.0), "fa47c35000"),
        (.float(1.1), "fb3ff199999999999a"), (.bool(false), "f4"), (.null, "f6"),
        (.bytes([1, 2, 3, 4]), "4401020304"), (.text("IETF"), "6449455446"), (.text("水"), "63e6b0b4"),
        (.array([.int(1), .array([.int(2), .int(3)])]), "8201820203"),
        (.map([CBORMapEntry(.text("a"), .int(1)), CBORMapEntry(.text("b"), .array([.int(2), .int(3)]))]), "a26161016162820203"),
        (.tagged(1, .int(1_363_896_240)), "c11a514b67b0"),
    ]

    @Test(arguments: 0..<examples.count)
    func encodesAndDecodesRFCExamples(index: Int) throws {
        let (item, encoded) = CBORTests.examples[index]
        #expect(ByteText.hex(CBORWriter.encode(item)) == encoded)
        #expect(try CBORReader.decode(CBORTests.hex(encoded)) == item)
    }

    /// A cursor records what every text it read has in common, whether read on its own or
    /// inside an item read as a tree: field checks rely on it to skip texts.
    @Test func everyTextReadCountsTowardsWhatTheCursorRecords() throws {
        func recorded(_ item: CBOR, asTree: Bool) throws -> CBORCursor.TextsRead {
            var cursor = CBORCursor(CBORWriter.encode(.array([.text("plain"), item])))
            _ = try cursor.readArrayCount()
            _ = try cursor.readText()
            if asTree { _ = try cursor.readItem() } else { _ = try cursor.readText() }
            return cursor.textsRead
        }
        for asTree in [false, true] {
            #expect(try recorded(.text("also plain\n"), asTree: asTree).allPlain)
            #expect(try !recorded(.text("tab\there"), asTree: asTree).allPlain)
            #expect(try !recorded(.text("caf\u{E9}"), asTree: asTree).allPlain)
            #expect(try !recorded(.text(" "), asTree: asTree).allPlain)
            #expect(try recorded(.text(String(repeating: "x", count: 600)), asTree: asTree).longest == 600)
        }
    }

    /// Texts are built two ways, inline up to 15 bytes and with storage beyond: every length
    /// on both sides reads back exactly, ASCII or not.
    @Test func textsOfEveryLengthReadBackExactly() throws {
        for length in 0...40 {
            for text in [String(repeating: "a", count: length), String(repeating: "é", count: length / 2) + String(repeating: "z", count: length % 2)] {
                var cursor = CBORCursor(CBORWriter.encode(.text(text)))
                let read = try cursor.readText()
                #expect(read == text && read.utf8.count == text.utf8.count && cursor.isAtEnd, "\(length)")
            }
        }
    }

    @Test func sortsMapKeysByEncodedBytes() {
        let map = CBOR.map([CBORMapEntry(.text("b"), .int(1)), CBORMapEntry(.int(-1), .int(2)), CBORMapEntry(.int(10), .int(3))])
        // 0x0a < 0x20 < 0x61: 10, -1, "b".
        #expect(ByteText.hex(CBORWriter.encode(map)) == "a30a03200261620" + "1")
    }

    @Test(arguments: [
        ("1817", "not in its shortest form"),          // 23 in two bytes
        ("5f4100ff", "indefinite-length"),             // indefinite byte string
        ("a2010201 03", "duplicate map key"),
        ("a202010102", "deterministic order"),
        ("5a00010000", "only 0 bytes remain"),           // a 65536-byte string with no bytes
        ("9bffffffffffffffff", "remain"),               // an absurd array count
        ("62c328", "not valid UTF-8"),
        ("0000", "unexpected bytes after the item"),
        ("f818", "unsupported simple value"),
        ("1c", "reserved additional information"),
        ("82", "only 0 bytes remain"),
        ("1a0001", "ends in the middle"),
        ("fa3fc00000", "float not in its shortest form"),
    ])
    func refusesBadEncodings(hex: String, expected: String) {
        do {
            _ = try CBORReader.decode(CBORTests.hex(hex.replacingOccurrences(of: " ", with: "")))
            Issue.record("accepted \(hex)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func lenientModeAcceptsNonDeterministicButWellFormedInput() throws {
        #expect(try CBORReader.decode(CBORTests.hex("a202010102"), mode: .lenient) == .map([CBORMapEntry(.int(2), .int(1)), CBORMapEntry(.int(1), .int(2))]))
        #expect(throws: FormatError.self) { try CBORReader.decode(CBORTests.hex("a2010201 03".replacingOccurrences(of: " ", with: "")), mode: .lenient) }
    }

    @Test func capsNestingDepth() {
        let deep = [UInt8](repeating: 0x81, count: 100) + [0x00]
        #expect(throws: FormatError.self) { try CBORReader.decode(deep) }
        let shallow = [UInt8](repeating: 0x81, count: DecodingLimits.maximumCBORDepth) + [0x00]
        #expect(throws: Never.self) { try CBORReader.decode(shallow) }
    }
}


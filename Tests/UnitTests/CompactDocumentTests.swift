import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Reading documents straight from their compact CBOR form (the verifier's fast path):
/// every refusal names the field, and nothing the JSON path refuses slips through.
struct CompactDocumentTests {
    /// The sample emergency summary as a CBOR tree, to change and re-encode.
    static func sampleTree() throws -> CBOR {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.templates + "/inputs/emergency.json"))
        return try CredentialDocument.fromJSON(data, type: .emergency).cbor
    }

    /// `tree` with the value at `path` (map keys and list indexes) replaced.
    static func replacing(_ tree: CBOR, at path: [Int64], with value: CBOR?) -> CBOR {
        guard let first = path.first else { return value ?? .null }
        switch tree {
        case .map(var entries):
            let index = entries.firstIndex { $0.key == .int(first) }
            let rest = Array(path.dropFirst())
            if let index {
                if rest.isEmpty && value == nil { entries.remove(at: index) } else { entries[index].value = replacing(entries[index].value, at: rest, with: value) }
            } else if let value {
                entries.append(CBORMapEntry(.int(first), value))
            }
            return .map(entries)
        case .array(var items):
            items[Int(first)] = replacing(items[Int(first)], at: Array(path.dropFirst()), with: value)
            return .array(items)
        default:
            return tree
        }
    }

    /// The message reading `tree` as an emergency summary gives, or nil when it reads.
    static func refusal(_ tree: CBOR) -> String? {
        do {
            _ = try CredentialDocument.fromCompact(CBORWriter.encode(tree), type: .emergency)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func eachRefusalNamesItsField() throws {
        let tree = try Self.sampleTree()
        #expect(Self.refusal(tree) == nil)
        // allergies (3) → [1] → substance (1)
        #expect(Self.refusal(Self.replacing(tree, at: [3, 1, 1], with: .int(7)))?.hasPrefix("document: allergies[1].substance: expected text, found an integer") == true)
        #expect(Self.refusal(Self.replacing(tree, at: [9, 0, 9], with: .text("x"))) == "document: contacts[0].9: unknown field (at offset \(Self.offsetOfUnknownKey(tree)))")
        #expect(Self.refusal(Self.replacing(tree, at: [1, 1], with: nil)) == "document: patient.name: missing (required)")
        #expect(Self.refusal(Self.replacing(tree, at: [2], with: .text("Z+"))) == "document: bloodType: must be one of A+ A- B+ B- AB+ AB- O+ O-")
        #expect(Self.refusal(Self.replacing(tree, at: [3, 0, 3], with: .text("medium")))?.hasPrefix("document: allergies[0].severity: must be low or high") == true)
        #expect(Self.refusal(Self.replacing(tree, at: [4, 0, 3, 1], with: .int(99)))?.hasPrefix("document: medications[0].code.system: unknown code system 99") == true)
        #expect(Self.refusal(Self.replacing(tree, at: [8], with: .null))?.hasPrefix("document: organDonor: expected true or false, found null") == true)
        #expect(Self.refusal(Self.replacing(tree, at: [9, 1, 3], with: .text("call me"))) == "document: contacts[1].phone: not a phone number (digits, spaces, + - ( ) only)")
        #expect(Self.refusal(Self.replacing(tree, at: [10], with: .text("a\u{7}b"))) == "document: notes: contains control characters")
        // Text checks are skipped only when every text read is plain ASCII and short enough:
        // anything else is checked in full, ASCII or not.
        #expect(Self.refusal(Self.replacing(tree, at: [1, 1], with: .text("  "))) == "document: patient.name: must not be empty")
        #expect(Self.refusal(Self.replacing(tree, at: [10], with: .text(String(repeating: "a", count: 501)))) == "document: notes: longer than 500 characters")
        #expect(Self.refusal(Self.replacing(tree, at: [10], with: .text(String(repeating: "é", count: 501)))) == "document: notes: longer than 500 characters")
        #expect(Self.refusal(Self.replacing(tree, at: [10], with: .text(String(repeating: "é", count: 500)))) == nil)
        #expect(Self.refusal(Self.replacing(tree, at: [10], with: .text("first line\nsecond line"))) == nil)
        #expect(Self.refusal(Self.replacing(tree, at: [1, 1], with: .text("Jos\u{E9} \u{7}"))) == "document: patient.name: contains control characters")
    }

    /// Where the value of the key `9` inside `contacts[0]` lands once a ninth key is added there.
    static func offsetOfUnknownKey(_ tree: CBOR) -> Int {
        let changed = CBORWriter.encode(replacing(tree, at: [9, 0, 9], with: .text("x")))
        let marker: [UInt8] = [0x09, 0x61, 0x78]  // key 9, text "x"
        return (0...(changed.count - marker.count)).first { Array(changed[$0..<$0 + marker.count]) == marker }! + 1
    }

    /// Each well-known code system travels as its number and reads back as its URI; the
    /// numbers are 1, 2, 3 … in table order (the reader looks them up by position).
    @Test func everyKnownCodeSystemNumberReadsBack() throws {
        #expect(CodeSystem.known.map(\.number) == Array(1...Int64(CodeSystem.known.count)))
        let tree = try Self.sampleTree()
        for entry in CodeSystem.known {
            let coded = Self.replacing(tree, at: [4, 0, 3, 1], with: .int(entry.number))
            guard case .emergency(let summary) = try CredentialDocument.fromCompact(CBORWriter.encode(coded), type: .emergency) else {
                Issue.record("not an emergency summary")
                continue
            }
            #expect(summary.medications?.first?.code?.system.uri == entry.uri)
        }
        for number: Int64 in [0, Int64(CodeSystem.known.count) + 1] {
            #expect(Self.refusal(Self.replacing(tree, at: [4, 0, 3, 1], with: .int(number)))?.hasPrefix("document: medications[0].code.system: unknown code system \(number)") == true)
        }
    }

    @Test func encodingsOtherThanTheDeterministicOneAreRefused() throws {
        let bytes = CBORWriter.encode(try Self.sampleTree())
        // The map's first two keys swapped: 01 <patient…> 02 "A+" → out of order.
        var cursor = CBORCursor([0xA2, 0x02, 0x61, 0x41, 0x01, 0x61, 0x42], layer: "document")
        #expect(throws: FormatError("document", "map keys are not in deterministic order", at: 4)) {
            try cursor.readFields(EmergencySummary.CodingKeys.self) { (_, cursor) throws(FormatError) in _ = try cursor.readText() }
        }
        // A length in a longer head than needed.
        var long = bytes
        long.insert(0x18, at: 0)
        long[1] = 0xB8
        #expect(throws: FormatError.self) { try CredentialDocument.fromCompact(long, type: .emergency) }
        // Invalid UTF-8 in a text field, and trailing bytes after the document.
        let name = Array("Maria Elena Garcia Lopez".utf8)
        let at = (0...(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name }!
        var broken = bytes
        broken[at + 3] = 0xFF
        // The error points at the text's head, two bytes before its 24 bytes of content.
        #expect(throws: FormatError("document", "text string is not valid UTF-8", at: at - 2, field: "patient.name")) { try CredentialDocument.fromCompact(broken, type: .emergency) }
        #expect(throws: FormatError.self) { try CredentialDocument.fromCompact(bytes + [0x00], type: .emergency) }
    }

    @Test func compactAndJSONReadersAgreeOnEveryVectorInput() throws {
        let folder = TestPaths.vectors + "/inputs"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            let type: CredentialType = name.contains("vaccination") ? .vaccination : .emergency
            guard let document = try? CredentialDocument.fromJSON(data, type: type) else { continue }
            #expect(try CredentialDocument.fromCompact(CBORWriter.encode(document.cbor), type: type) == document, "\(name)")
        }
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("DEFLATE")
struct DeflateTests {
    @Test func roundTripsWithTheDictionary() throws {
        let text = Array("Penicillin Anaphylaxis Warfarin 5 mg once daily Pacemaker MRI conditional".utf8)
        let compressed = Deflate.compress(text, dictionary: CompressionDictionary.version1)
        #expect(compressed.count < text.count / 2)
        #expect(try Deflate.decompress(compressed, dictionary: CompressionDictionary.version1) == text)
        // Without the dictionary the stream does not inflate to the same bytes.
        #expect((try? Deflate.decompress(compressed)) != text)
    }

    @Test func refusesABomb() {
        let bomb = Deflate.compress([UInt8](repeating: 0x41, count: 10_000_000))
        #expect(bomb.count < 20_000)
        #expect(throws: FormatError.self) { try Deflate.decompress(bomb) }
    }

    @Test func refusesTruncatedCorruptAndTrailingInput() {
        let stream = Deflate.compress(Array(repeating: 7, count: 500) + Array(0...255))
        #expect(throws: FormatError.self) { try Deflate.decompress(Array(stream.dropLast(3))) }
        #expect(throws: FormatError.self) { try Deflate.decompress([0xFF, 0xFF, 0xFF]) }
        #expect(throws: FormatError.self) { try Deflate.decompress(stream + [1]) }
    }

    @Test func dictionaryMatchesThePublishedBytes() throws {
        let published = try String(contentsOfFile: TestPaths.vectors + "/format/dictionary-v1.hex", encoding: .utf8)
        #expect(ByteText.bytes(hex: published.trimmingCharacters(in: .whitespacesAndNewlines)) == CompressionDictionary.version1)
    }
}


import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore

/// Token body form 2: the clinical vocabulary, the packed CBOR, and the corpus of records in
/// five languages in `Vectors/corpus/` (written for MedSeal, unlike the samples).
@Suite("Packed tokens (body form 2)")
struct PackedTokenTests {
    static let now = Date()
    static let key = IssuerSigningKey.generate(issuer: "Hospital Universitario de Prueba", notBefore: now.addingTimeInterval(-60),
                                               notAfter: now.addingTimeInterval(86_400 * 800))
    static let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))

    struct CorpusRecord: Sendable, CustomStringConvertible {
        let file: String
        let type: CredentialType
        var description: String { file }
    }

    static let corpus: [CorpusRecord] = {
        var records = [CorpusRecord]()
        for type in CredentialType.allCases {
            let folder = TestPaths.vectors + "/corpus/" + type.rawValue
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            records += files.filter { $0.hasSuffix(".json") }.sorted().map { CorpusRecord(file: folder + "/" + $0, type: type) }
        }
        return records
    }()

    static func issue(_ record: CorpusRecord) throws -> CredentialIssuer.Issued {
        let document = try CredentialDocument.fromJSON(Data(contentsOf: URL(fileURLWithPath: record.file)), type: record.type)
        return try CredentialIssuer(key: key).issue(document, now: now, lifetime: 86_400 * 365)
    }

    @Test func theCorpusHasThirtyRecordsOrMoreInFiveLanguages() {
        #expect(PackedTokenTests.corpus.count >= 30)
        let languages = Set(PackedTokenTests.corpus.map { URL(fileURLWithPath: $0.file).lastPathComponent.prefix(2) })
        #expect(languages == ["de", "en", "es", "fr", "pt"])
    }

    @Test(arguments: corpus)
    func everyCorpusRecordIssuesPackedAndVerifiesToTheSameDocument(record: CorpusRecord) throws {
        let issued = try PackedTokenTests.issue(record)
        #expect(TokenCodec.bodyForm(of: issued.token) == .packed)
        let result = PackedTokenTests.verifier.verify(issued.token)
        #expect(result.isValid, "\(result.reasons)")
        #expect(result.credential?.claims.document == issued.claims.document)
        // Form 2 is smaller than form 1 for every record, and decodes to the message form 1 holds.
        let message = try TokenCodec.decode(issued.token)
        let deflated = try #require(TokenCodec.encode(message, as: .deflated))
        #expect(issued.token.count < deflated.count)
        #expect(try TokenCodec.decode(deflated) == message)
    }

    /// The size goals, measured on the corpus: emergency summaries at QR version 18 or less
    /// (error correction Q) for most and never above 20; vaccination records at 12 or less for
    /// most and never above 13. The thresholds hold what form 2 reaches today, so a change that
    /// makes codes larger fails here.
    @Test func corpusSizesStayWithinTheirQRVersions() throws {
        var emergency = [Int](), vaccination = [Int]()
        for record in PackedTokenTests.corpus {
            let version = try QRCode(alphanumeric: PackedTokenTests.issue(record).token).version
            if record.type == .emergency { emergency.append(version) } else { vaccination.append(version) }
        }
        #expect(emergency.count >= 20 && vaccination.count >= 10)
        #expect(emergency.max()! <= 20, "\(emergency.sorted())")
        #expect(Double(emergency.filter { $0 <= 18 }.count) >= 0.7 * Double(emergency.count), "\(emergency.sorted())")
        #expect(vaccination.max()! <= 13, "\(vaccination.sorted())")
        #expect(Double(vaccination.filter { $0 <= 12 }.count) >= 0.75 * Double(vaccination.count), "\(vaccination.sorted())")
    }

    @Test func textsOfEveryKindRoundTrip() throws {
        let texts = ["", "a", "Penicillin", "PENICILLIN", "Penicilina", "pÉnicilline", "Ελένη Παπαδοπούλου", "بنسلين", "王伟 兄弟", "e\u{301}cole",
                     "Jean-Baptiste Lefèvre-Martin", "Merck Sharp & Dohme", "BioNTech Manufacturing GmbH", "+44 161 496 0734", "😀 emoji \u{10FFFF}",
                     "Kuhmilcheiweiß", "STRASSE straße", "İstanbul", "  two  spaces  ", "Tab\there", String(repeating: "Warfarin ", count: 60)]
        let items = CBOR.map([CBORMapEntry(.int(1), .array(texts.map(CBOR.text))), CBORMapEntry(.int(2), .text("Lefèvre-Martin")),
                              CBORMapEntry(.int(9), .array([.int(-1), .int(-24), .int(-25), .int(-70_000), .int(Int64.min), .unsigned(UInt64.max), .unsigned(24),
                                                            .unsigned(255), .unsigned(256), .unsigned(65_536), .bool(true), .bool(false), .null,
                                                            .bytes([]), .bytes(Array(0...255)), .tagged(1004, .text("2026-12-03"))])),
                              CBORMapEntry(.text("key"), .map([CBORMapEntry(.int(0), .int(5)), CBORMapEntry(.int(7), .int(7))]))])
        var writer = BitWriter()
        #expect(PackedCBOR.pack(items, model: ClinicalVocabulary.version2, into: &writer))
        let bytes = writer.finished()
        var reader = BitReader(bytes, range: 0..<bytes.count, layer: "packed")
        let unpacked = try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: 1 << 20)
        #expect(unpacked == CBORWriter.encode(items))
        try reader.requireOnlyPadding()
    }

    @Test func floatsAndUndefinedAreNotPacked() {
        var writer = BitWriter()
        #expect(!PackedCBOR.pack(.array([.float(1.5)]), model: ClinicalVocabulary.version2, into: &writer))
        #expect(!PackedCBOR.pack(.undefined, model: ClinicalVocabulary.version2, into: &writer))
    }

    @Test func aBodyThatUnpacksBeyondTheLimitIsRefused() throws {
        // 200 references to one 500-byte text: 100 KB from a few hundred bytes.
        let text = CBOR.text(String(repeating: "x", count: 500))
        var writer = BitWriter()
        #expect(PackedCBOR.pack(.array([CBOR](repeating: text, count: 200)), model: ClinicalVocabulary.version2, into: &writer))
        let bytes = writer.finished()
        #expect(bytes.count < 1_000)
        var reader = BitReader(bytes, range: 0..<bytes.count, layer: "packed")
        #expect(throws: FormatError.self) { try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: DecodingLimits.maximumInflatedBytes) }
    }

    @Test func damagedBodiesNeverCrashAndNeverVerify() throws {
        let record = PackedTokenTests.corpus.first { $0.type == .emergency }!
        let token = try PackedTokenTests.issue(record).token
        let body = try Base45.decode(token.dropFirst(4))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            var damaged = body
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: damaged[Int.random(in: 1..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 1: damaged = Array(damaged.prefix(Int.random(in: 1..<damaged.count, using: &generator)))
            default: damaged.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 1..<damaged.count, using: &generator))
            }
            guard damaged != body else { continue }
            let result = PackedTokenTests.verifier.verify("MS1:" + Base45.encode(damaged))
            #expect(!result.isValid)
        }
    }

    @Test func prefixCodesAreCanonicalAndDecodeEverySymbol() throws {
        let code = PrefixCode(weights: [40, 1, 1, 7, 3, 3, 100, 2, 9])
        #expect(PrefixCode(lengths: code.lengths).lengths == code.lengths)
        var writer = BitWriter()
        for symbol in 0..<9 { code.write(symbol, to: &writer) }
        let bytes = writer.finished()
        var reader = BitReader(bytes, range: 0..<bytes.count, layer: "test")
        for symbol in 0..<9 { #expect(try code.read(from: &reader) == symbol) }
        // Kraft: a complete code sums to one.
        #expect(code.lengths.reduce(0.0) { $0 + pow(2, -Double($1)) } == 1.0)
        for n: UInt64 in [0, 1, 2, 3, 100, 1 << 40, UInt64.max - 1] {
            var gammaWriter = BitWriter()
            GammaCode.write(n, to: &gammaWriter)
            #expect(gammaWriter.count == GammaCode.bitCount(n) || n > 1 << 56)
            let gammaBytes = gammaWriter.finished()
            var gammaReader = BitReader(gammaBytes, range: 0..<gammaBytes.count, layer: "test")
            #expect(try GammaCode.read(from: &gammaReader, limit: UInt64.max) == n)
        }
    }

    @Test func theVocabularyFilesInVectorsAreTheModel() throws {
        for (path, contents) in PackingVectorFiles.files() {
            #expect(try String(contentsOfFile: TestPaths.vectors + "/" + path, encoding: .utf8) == contents, "\(path) differs: run medseal-vectors")
        }
    }

    @Test func bloodGroupsAreReadAsPeopleWriteThem() throws {
        for (written, read) in [("0+", "O+"), ("0 Rh-", "O-"), ("ab+", "AB+"), ("A\u{2212}", "A-"), ("B Rh+", "B+")] {
            let json = #"{"patient": {"name": "X", "birthDate": "1990-01-01"}, "bloodType": "\#(written)"}"#
            guard case .emergency(let summary) = try CredentialDocument.fromJSON(Data(json.utf8), type: .emergency) else { Issue.record(); continue }
            #expect(summary.bloodType == read)
        }
        #expect(throws: FieldError.self) { try CredentialDocument.fromJSON(Data(#"{"patient": {"name": "X", "birthDate": "1990-01-01"}, "bloodType": "Q+"}"#.utf8), type: .emergency) }
    }
}

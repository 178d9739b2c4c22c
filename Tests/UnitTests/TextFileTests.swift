import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// Text files that people save from Notepad or a spreadsheet start with a UTF-8 byte order
/// mark; what they hold must read the same as without it.
@Suite("Text files with a byte order mark")
struct TextFileTests {
    static func write(_ text: String, byteOrderMark: Bool) throws -> String {
        let path = NSTemporaryDirectory() + "medseal-text-" + UUID().uuidString
        try Data((byteOrderMark ? FileStore.utf8ByteOrderMark : []) + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [false, true])
    func tokenFilesAndPassphraseFilesReadTheSameWithOrWithoutTheMark(byteOrderMark: Bool) throws {
        let token = try TextFileTests.write("MS1:ABC\r\n", byteOrderMark: byteOrderMark)
        #expect(try TokenFile.read(token) == "MS1:ABC")
        let passphrase = try TextFileTests.write("correct horse battery\r\n", byteOrderMark: byteOrderMark)
        #expect(try IssuerSigningKey.passphrase(file: passphrase) == Array("correct horse battery".utf8))
        let mark = try TextFileTests.write("\u{FEFF}", byteOrderMark: false)
        #expect(try FileStore.readText(mark) == "")
        #expect(throws: UserError(.input, "\(mark): holds no token")) { try TokenFile.read(mark) }
    }

    @Test func onlyALeadingMarkIsRemoved() throws {
        let path = try TextFileTests.write("a\u{FEFF}b", byteOrderMark: true)
        #expect(try FileStore.readText(path) == "a\u{FEFF}b")
    }
}

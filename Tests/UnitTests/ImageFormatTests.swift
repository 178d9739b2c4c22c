import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// A picture MedSeal cannot read is named by its format, with how to get a PNG or JPEG.
@Suite("Pictures in other formats")
struct ImageFormatTests {
    static func bytes(_ text: String, padding: Int = 64) -> [UInt8] { Array(text.utf8) + [UInt8](repeating: 0, count: padding) }

    @Test(arguments: [
        ([0, 0, 0, 24] + bytes("ftypheic"), "a HEIC photo"),
        ([0, 0, 0, 24] + bytes("ftypmif1"), "a HEIC photo"),
        ([0, 0, 0, 24] + bytes("ftypavif"), "an AVIF image"),
        (bytes("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 "), "a WebP image"),
        (bytes("GIF89a"), "a GIF image"),
        (bytes("BM"), "a BMP image"),
        ([0x49, 0x49, 0x2A, 0x00] + bytes(""), "a TIFF image"),
        (bytes("%PDF-1.7"), "a PDF document"),
        (bytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"), "an SVG drawing"),
        (bytes("hello"), "not a PNG or JPEG image"),
        ([0, 0, 0, 24] + bytes("ftypisom"), "not a PNG or JPEG image"),
    ] as [([UInt8], String)])
    func otherFormatsAreNamed(bytes: [UInt8], name: String) throws {
        let path = NSTemporaryDirectory() + "medseal-image-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: UserError.self) { try TokenImage.read(path: path) }
        do { _ = try TokenImage.read(path: path) } catch {
            #expect(error.message.hasPrefix("\(path): \(name)"), "\(error.message)")
            #expect(error.kind == .input)
        }
    }
}

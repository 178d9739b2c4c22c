import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("PNG decoder")
struct PNGDecoderTests {
    @Test func readsBackTheQRCodesMedSealWritesAndZbarFindsTheToken() throws {
        let token = "MS1:PNG DECODER TEST 0123456789"
        let code = try QRCode(alphanumeric: token)
        let scale = 8
        let image = try PNGDecoder.decode([UInt8](PNGEncoder.encode(code, scale: scale)))
        let modules = code.size + 2 * PNGEncoder.quietZone
        #expect(image.width == modules * scale && image.height == image.width)
        // Module (x, y) is dark exactly where the code says.
        for y in 0..<code.size {
            for x in 0..<code.size {
                let pixel = image.gray[((y + 4) * scale + 1) * image.width + (x + 4) * scale + 1]
                #expect((pixel == 0) == code.isDark(x: x, y: y))
            }
        }
        #expect(QRImageReader.read(grayscale: image.gray, width: image.width, height: image.height) == [token])
    }

    @Test func refusesDamagedAndHostileFiles() throws {
        let good = [UInt8](PNGEncoder.encode(try QRCode(alphanumeric: "MS1:X")))
        var badCRC = good
        badCRC[30] ^= 0x01
        var huge = good
        huge.replaceSubrange(16..<24, with: [0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00])
        for (bytes, expected) in [(Array(good.prefix(40)), "ends before"), (badCRC, "CRC"), (huge, "CRC"), (Array("not a png".utf8), "not a PNG")] {
            #expect(throws: FormatError.self) { try PNGDecoder.decode(bytes) }
            do { _ = try PNGDecoder.decode(bytes) } catch { #expect(error.description.contains(expected), "\(error)") }
        }
    }
}

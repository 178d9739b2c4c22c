import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

@Suite("Text scan, eight bytes at a time")
struct ASCIIScanTests {
    /// The answers byte by byte, as the scan must give them.
    static func expected(_ bytes: [UInt8]) -> (ascii: Bool, visible: Bool, control: Bool) {
        (bytes.allSatisfy { $0 < 0x80 },
         bytes.contains { $0 > 0x20 && $0 != 0x7F },
         bytes.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
    }

    /// Every length from empty to three words and a bit, with each telling byte at every
    /// position of a run of spaces or letters: the word edges, the padded tail and the
    /// overlapping last word are where a mistake would hide.
    @Test(arguments: [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0xFF] as [UInt8])
    func agreesWithByteByByte(telling: UInt8) {
        for filler in [0x20, 0x61] as [UInt8] {
            for length in 1...27 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: filler, count: length)
                    bytes[position] = telling
                    let scan = bytes.withUnsafeBufferPointer { ASCIIScan($0) }
                    let want = Self.expected(bytes)
                    #expect(scan.isASCII == want.ascii, "\(bytes)")
                    if want.ascii {
                        #expect(scan.hasVisible == want.visible && scan.hasControl == want.control, "\(bytes)")
                    }
                }
            }
        }
        let empty = [UInt8]().withUnsafeBufferPointer { ASCIIScan($0) }
        #expect(empty.isASCII && !empty.hasVisible && !empty.hasControl)
    }
}

import Foundation

/// Writes a QR code as a black-and-white PNG (1-bit greyscale, zlib-compressed), with the
/// 4-module quiet zone the QR standard requires.
public enum PNGEncoder {
    /// Width of the quiet zone, in modules.
    public static let quietZone = 4

    /// The PNG bytes of `code`, `scale` pixels per module: 1-bit greyscale, each module row
    /// packed once and repeated `scale` times (repeats use PNG's "up" filter, so they are
    /// runs of zeros that compress to almost nothing).
    public static func encode(_ code: QRCode, scale: Int = 8) -> Data {
        let side = (code.size + 2 * quietZone) * scale
        let rowBytes = (side + 7) / 8
        let lightRow = [UInt8](repeating: 0xFF, count: rowBytes)
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * side)
        let repeatedRow = [UInt8](repeating: 0, count: rowBytes + 1)
        for moduleRow in 0..<(code.size + 2 * quietZone) {
            let y = moduleRow - quietZone
            var row = lightRow
            if y >= 0 && y < code.size {
                for x in 0..<code.size where code.isDark(x: x, y: y) {
                    let first = (x + quietZone) * scale
                    for pixel in first..<(first + scale) { row[pixel >> 3] &= ~(0x80 >> UInt8(pixel & 7)) }
                }
            }
            raw.append(0) // filter: none
            raw.append(contentsOf: row)
            for _ in 1..<scale {
                raw.append(contentsOf: repeatedRow) // filter: up, no difference
                raw[raw.count - rowBytes - 1] = 2
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(side)) + bigEndian(UInt32(side))
        header += [1, 0, 0, 0, 0] // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", Deflate.zlibCompress(raw, level: 1), to: &png)
        appendChunk("IEND", [], to: &png)
        return Data(png)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count))
        png += typeAndData
        png += bigEndian(Deflate.crc32(typeAndData))
    }
}

/// Reads a PNG image (any colour type and bit depth, interlaced or not) into 8-bit grayscale,
/// for finding QR codes in it. Chunk CRCs, sizes and the inflated length are all checked
/// before use.
public enum PNGDecoder {
    /// Largest image accepted, in pixels (a 300 dpi A4 page is under 9 million).
    public static let maximumPixels = 60_000_000

    public struct Image: Sendable {
        public let width: Int
        public let height: Int
        /// `width × height` bytes, 0 black to 255 white; transparency is composed on white.
        public let gray: [UInt8]
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Whether `bytes` start like a PNG file.
    public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> Image {
        func fail(_ reason: String, _ offset: Int? = nil) -> FormatError { FormatError("PNG", reason, at: offset) }
        guard isPNG(bytes) else { throw fail("not a PNG file") }
        var offset = 8
        var header: (width: Int, height: Int, depth: Int, colour: Int, interlaced: Bool)?
        var palette = [UInt8]()
        var data = [UInt8]()
        func uint32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(bytes[at + $1]) } }
        while true {
            guard offset + 12 <= bytes.count else { throw fail("the file ends before its IEND chunk", offset) }
            let length = uint32(offset)
            guard length <= bytes.count - offset - 12 else { throw fail("a chunk runs past the end of the file", offset) }
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            guard Deflate.crc32(Array(bytes[(offset + 4)..<(offset + 8 + length)])) == UInt32(uint32(offset + 8 + length)) else {
                throw fail("chunk \(type) is damaged (CRC mismatch)", offset)
            }
            switch type {
            case "IHDR":
                guard length == 13 else { throw fail("IHDR has the wrong length", offset) }
                let width = (0..<4).reduce(0) { $0 << 8 | Int(body[$1]) }, height = (4..<8).reduce(0) { $0 << 8 | Int(body[$1]) }
                guard width > 0, height > 0, width <= maximumPixels / height else { throw fail("image of \(width)×\(height) pixels is empty or too large") }
                let depth = Int(body[8]), colour = Int(body[9])
                let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
                guard allowed[colour]?.contains(depth) == true, body[10] == 0, body[11] == 0, body[12] <= 1 else {
                    throw fail("colour type \(colour) with bit depth \(depth) is not a valid PNG format")
                }
                header = (width, height, depth, colour, body[12] == 1)
            case "PLTE": palette = body
            case "IDAT": data += body
            case "IEND":
                guard let header else { throw fail("no IHDR chunk") }
                return try image(header, palette: palette, compressed: data)
            default: break
            }
            offset += 12 + length
        }
    }

    static func image(_ header: (width: Int, height: Int, depth: Int, colour: Int, interlaced: Bool), palette: [UInt8], compressed: [UInt8]) throws(FormatError) -> Image {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][header.colour]!
        let bitsPerPixel = channels * header.depth
        let bytesPerPixel = max(1, bitsPerPixel / 8)
        // The sub-images: one for a plain image, seven (Adam7) for an interlaced one.
        let passes: [(x: Int, y: Int, dx: Int, dy: Int)] = header.interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        let sizes = passes.map { pass in ((header.width - pass.x + pass.dx - 1) / pass.dx, (header.height - pass.y + pass.dy - 1) / pass.dy) }
        let expected = sizes.reduce(0) { total, size in size.0 == 0 || size.1 == 0 ? total : total + size.1 * (1 + (size.0 * bitsPerPixel + 7) / 8) }
        guard compressed.count >= 6, compressed[0] & 0x0F == 8, (Int(compressed[0]) << 8 | Int(compressed[1])) % 31 == 0, compressed[1] & 0x20 == 0 else {
            throw FormatError("PNG", "image data is not a zlib stream")
        }
        let raw = try Deflate.decompress(compressed.dropFirst(2), limit: expected, allowingTrailingBytes: true, requiringZeroPadding: false).output
        guard raw.count == expected else { throw FormatError("PNG", "image data holds \(raw.count) bytes, \(expected) expected") }
        var gray = [UInt8](repeating: 255, count: header.width * header.height)
        var position = 0
        for (pass, size) in zip(passes, sizes) where size.0 > 0 && size.1 > 0 {
            let rowLength = (size.0 * bitsPerPixel + 7) / 8
            var previous = [UInt8](repeating: 0, count: rowLength)
            for row in 0..<size.1 {
                let filter = raw[position]
                var line = Array(raw[(position + 1)...(position + rowLength)])
                position += 1 + rowLength
                try unfilter(&line, previous: previous, filter: filter, bytesPerPixel: bytesPerPixel)
                for column in 0..<size.0 {
                    let x = pass.x + column * pass.dx, y = pass.y + row * pass.dy
                    gray[y * header.width + x] = luminance(line, column, header: header, channels: channels, palette: palette)
                }
                previous = line
            }
        }
        return Image(width: header.width, height: header.height, gray: gray)
    }

    static func unfilter(_ line: inout [UInt8], previous: [UInt8], filter: UInt8, bytesPerPixel: Int) throws(FormatError) {
        switch filter {
        case 0: return
        case 1: for i in bytesPerPixel..<max(bytesPerPixel, line.count) { line[i] &+= line[i - bytesPerPixel] }
        case 2: for i in 0..<line.count { line[i] &+= previous[i] }
        case 3:
            for i in 0..<line.count {
                let left = i >= bytesPerPixel ? Int(line[i - bytesPerPixel]) : 0
                line[i] &+= UInt8((left + Int(previous[i])) / 2)
            }
        case 4:
            for i in 0..<line.count {
                let a = i >= bytesPerPixel ? Int(line[i - bytesPerPixel]) : 0, b = Int(previous[i]), c = i >= bytesPerPixel ? Int(previous[i - bytesPerPixel]) : 0
                let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                line[i] &+= UInt8(pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
            }
        default: throw FormatError("PNG", "unknown row filter \(filter)")
        }
    }

    /// The gray value of pixel `column` of an unfiltered row.
    static func luminance(_ line: [UInt8], _ column: Int, header: (width: Int, height: Int, depth: Int, colour: Int, interlaced: Bool), channels: Int, palette: [UInt8]) -> UInt8 {
        func sample(_ channel: Int) -> Int {
            switch header.depth {
            case 16: return Int(line[(column * channels + channel) * 2])
            case 8: return Int(line[column * channels + channel])
            default:
                let bit = column * header.depth
                let value = Int(line[bit / 8] >> UInt8(8 - header.depth - bit % 8)) & ((1 << header.depth) - 1)
                return header.colour == 3 ? value : value * 255 / ((1 << header.depth) - 1)
            }
        }
        func onWhite(_ value: Int, alpha: Int) -> UInt8 {
            let covered = value * alpha
            let background = 255 * (255 - alpha)
            return UInt8((covered + background) / 255)
        }
        func rgb(_ red: Int, _ green: Int, _ blue: Int) -> Int {
            let weighted: Int = 299 * red + 587 * green + 114 * blue
            return weighted / 1000
        }
        switch header.colour {
        case 0: return UInt8(sample(0))
        case 2: return UInt8(rgb(sample(0), sample(1), sample(2)))
        case 3:
            let index = sample(0) * 3
            guard index + 2 < palette.count else { return 255 }
            return UInt8(rgb(Int(palette[index]), Int(palette[index + 1]), Int(palette[index + 2])))
        case 4: return onWhite(sample(0), alpha: sample(1))
        default: return onWhite(rgb(sample(0), sample(1), sample(2)), alpha: sample(3))
        }
    }
}

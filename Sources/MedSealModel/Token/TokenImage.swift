import MedSealEncoding

/// A token read from a picture of its QR code: a PNG (screenshot, scan) or a JPEG (photo).
public enum TokenImage {
    /// Largest image file accepted.
    public static let maximumFileBytes = 64 * 1024 * 1024

    /// The one token in the image at `path`. Several copies of the same code (a printed
    /// sheet) count as one; different codes, or none, are refused with a message saying so.
    public static func read(path: String) throws(UserError) -> String {
        let bytes = [UInt8](try FileStore.read(path, limit: maximumFileBytes))
        let texts: [String]
        if PNGDecoder.isPNG(bytes) {
            let image: PNGDecoder.Image
            do { image = try PNGDecoder.decode(bytes) } catch { throw UserError(.input, "\(path): \(error.description)") }
            texts = QRImageReader.read(grayscale: image.gray, width: image.width, height: image.height)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let found = QRImageReader.read(jpeg: bytes) else { throw UserError(.input, "\(path): not a readable JPEG image") }
            texts = found
        } else {
            throw UserError(.input, "\(path): " + unreadFormat(bytes))
        }
        let distinct = Set(texts)
        guard let token = distinct.first else {
            throw UserError(.input, "\(path): no QR code found in the image (hold the card flat, fill the frame with the code, avoid glare)")
        }
        // The QR codes of one chunked SMART Health Card belong together.
        if distinct.count > 1, distinct.allSatisfy({ $0.lowercased().hasPrefix("shc:/") && $0.split(separator: "/").count == 4 }) {
            return distinct.sorted().joined(separator: "\n")
        }
        guard distinct.count == 1 else {
            throw UserError(.input, "\(path): \(distinct.count) different QR codes found; crop the picture to one card")
        }
        return token
    }

    /// What to say of a file that is neither PNG nor JPEG: what it is, when it is a picture
    /// format people are likely to have, and how to get a PNG or JPEG from it.
    static func unreadFormat(_ bytes: [UInt8]) -> String {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self)
        let brand = bytes.count >= 12 && bytes[4..<8].elementsEqual("ftyp".utf8) ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
        let convert = "save or convert it as JPEG or PNG"
        switch true {
        case ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(brand):
            return "a HEIC photo, which MedSeal does not read: \(convert) (heif-convert photo.heic photo.jpg; on an iPhone, Settings › Camera › Formats › Most Compatible takes JPEG photos)"
        case brand == "avif": return "an AVIF image, which MedSeal does not read: \(convert)"
        case bytes.starts(with: Array("RIFF".utf8)) && bytes.count >= 12 && bytes[8..<12].elementsEqual("WEBP".utf8):
            return "a WebP image, which MedSeal does not read: \(convert) (dwebp picture.webp -o picture.png)"
        case bytes.starts(with: Array("GIF8".utf8)): return "a GIF image, which MedSeal does not read: \(convert)"
        case bytes.starts(with: Array("BM".utf8)): return "a BMP image, which MedSeal does not read: \(convert)"
        case bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]):
            return "a TIFF image, which MedSeal does not read: \(convert)"
        case bytes.starts(with: Array("%PDF".utf8)): return "a PDF document, not a picture: take a screenshot of the QR code, or verify the card's .token file"
        case head.contains("<svg"): return "an SVG drawing, not a picture: verify the card's .token file, or draw it as PNG (rsvg-convert card.svg -o card.png)"
        default: return "not a PNG or JPEG image"
        }
    }
}

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
            throw UserError(.input, "\(path): not a PNG or JPEG image")
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
}

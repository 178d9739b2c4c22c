import CZbar

/// Finds and reads the QR codes in an image with libzbar. This is the only file that calls
/// libzbar; no zbar pointer leaves it.
public enum QRImageReader {
    static func fourcc(_ text: String) -> UInt {
        text.utf8.enumerated().reduce(0) { $0 | UInt($1.element) << (8 * UInt($1.offset)) }
    }

    /// The text of every QR code in an 8-bit grayscale image (`width × height` bytes).
    public static func read(grayscale pixels: [UInt8], width: Int, height: Int) -> [String] {
        guard width > 0, height > 0, pixels.count == width * height else { return [] }
        return pixels.withUnsafeBytes { buffer in
            guard let image = zbar_image_create() else { return [] }
            defer { zbar_image_destroy(image) }
            zbar_image_set_format(image, fourcc("Y800"))
            zbar_image_set_size(image, UInt32(width), UInt32(height))
            zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
            return scan(image)
        }
    }

    /// The text of every QR code in a JPEG file's bytes (decoded by libzbar's converter), or
    /// `nil` when the bytes cannot be decoded.
    public static func read(jpeg bytes: [UInt8]) -> [String]? {
        guard let (width, height) = jpegSize(bytes) else { return nil }
        return bytes.withUnsafeBytes { buffer -> [String]? in
            guard let image = zbar_image_create() else { return nil }
            defer { zbar_image_destroy(image) }
            zbar_image_set_format(image, fourcc("JPEG"))
            zbar_image_set_size(image, UInt32(width), UInt32(height))
            zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
            guard let gray = zbar_image_convert(image, fourcc("Y800")) else { return nil }
            defer { zbar_image_destroy(gray) }
            guard zbar_image_get_width(gray) > 0, zbar_image_get_height(gray) > 0 else { return nil }
            return scan(gray)
        }
    }

    /// The width and height from a JPEG's start-of-frame marker (libzbar needs them), once
    /// no frame header anywhere in the file declares more than ``PNGDecoder/maximumPixels``.
    static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard largestDeclaredJPEGFrame(bytes) <= PNGDecoder.maximumPixels else { return nil }
        return firstJPEGFrameSize(bytes)
    }

    /// The most pixels any start-of-frame header in `bytes` declares, wherever it stands:
    /// libjpeg decodes the frame it finds (skipping bytes between segments, so not always
    /// the first one a segment walk sees), and allocates for the size that frame declares.
    /// Every `FF C0`–`FF CF` (except DHT, JPG and DAC) whose length fits a frame header is
    /// counted; in entropy-coded data a real `FF` is always followed by `00`, so no image
    /// data is mistaken for one.
    static func largestDeclaredJPEGFrame(_ bytes: [UInt8]) -> Int {
        var largest = 0
        var offset = 0
        while offset + 9 < bytes.count {
            defer { offset += 1 }
            guard bytes[offset] == 0xFF else { continue }
            let marker = bytes[offset + 1]
            guard (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) else { continue }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let components = Int(bytes[offset + 9])
            guard (1...4).contains(components), length == 8 + 3 * components else { continue }
            let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
            let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
            largest = max(largest, width * max(height, 1))
        }
        return largest
    }

    /// The size the first start-of-frame marker a segment walk meets declares.
    static func firstJPEGFrameSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                guard width > 0, height > 0, width * height <= PNGDecoder.maximumPixels else { return nil }
                return (width, height)
            }
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }

    private static func scan(_ image: OpaquePointer) -> [String] {
        guard let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        // Light modules on a dark ground (a phone in dark mode, a card printed in negative)
        // are allowed by ISO/IEC 18004 ("reflectance reversal"); zbar tries them when the
        // image as it is gives no code.
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1)
        guard zbar_scan_image(scanner, image) > 0 else { return [] }
        var texts = [String]()
        var symbol = zbar_image_first_symbol(image)
        while let current = symbol {
            if let data = zbar_symbol_get_data(current) {
                let length = Int(zbar_symbol_get_data_length(current))
                texts.append(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
            }
            symbol = zbar_symbol_next(current)
        }
        return texts
    }
}

import CZlib

/// DEFLATE (RFC 1951) through zlib: raw streams with an optional preset dictionary and a hard
/// cap on the inflated size, zlib-wrapped streams and CRC-32 for PNG. This is the only file
/// that calls zlib.
public enum Deflate {
    /// A zlib-wrapped (RFC 1950) stream of `input`, as PNG's IDAT chunk needs.
    public static func zlibCompress(_ input: [UInt8], level: Int32) -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&output, &length, input, uLong(input.count), level)
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(output[0..<Int(length)])
    }

    /// The CRC-32 of `bytes` (as PNG chunks carry).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    /// Compresses `input` at the highest level with zlib's standard strategy, with the
    /// window primed with `dictionary`. (Trying zlib's other strategies too made no token
    /// shorter, on the samples or any vector, and tripled the cost of issuing.)
    public static func compress(_ input: [UInt8], dictionary: [UInt8] = []) -> [UInt8] {
        var stream = z_stream()
        guard medseal_deflate_init_raw(&stream, Z_BEST_COMPRESSION, Z_DEFAULT_STRATEGY) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        if !dictionary.isEmpty {
            _ = dictionary.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var input = input
        let produced: Int = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                _ = deflate(&stream, Z_FINISH)
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    /// Inflates a raw DEFLATE stream, refusing a stream that is corrupt, truncated,
    /// followed by extra bytes, or that would grow beyond `limit` bytes.
    public static func decompress(_ input: [UInt8], dictionary: [UInt8] = [], limit: Int = DecodingLimits.maximumInflatedBytes) throws(FormatError) -> [UInt8] {
        try decompress(input, dictionary: dictionary, limit: limit, allowingTrailingBytes: false).output
    }

    /// Inflates a raw DEFLATE stream and returns it with the bytes that follow the stream's
    /// end (which must be none unless `allowingTrailingBytes`).
    public static func decompress(_ input: [UInt8], dictionary: [UInt8] = [], limit: Int = DecodingLimits.maximumInflatedBytes,
                                  allowingTrailingBytes: Bool) throws(FormatError) -> (output: [UInt8], trailing: [UInt8]) {
        var stream = z_stream()
        guard medseal_inflate_init_raw(&stream) == Z_OK else { throw FormatError("DEFLATE", "zlib could not start") }
        defer { inflateEnd(&stream) }
        if !dictionary.isEmpty {
            _ = dictionary.withUnsafeBufferPointer { inflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        }
        var output = [UInt8](repeating: 0, count: limit + 1)
        var input = input
        let (status, produced, unread): (Int32, Int, Int) = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                let status = inflate(&stream, Z_FINISH)
                return (status, outputBuffer.count - Int(stream.avail_out), Int(stream.avail_in))
            }
        }
        if produced > limit {
            throw FormatError("DEFLATE", "inflates to more than the \(limit)-byte limit (possible decompression bomb)")
        }
        switch status {
        case Z_STREAM_END:
            guard unread == 0 || allowingTrailingBytes else { throw FormatError("DEFLATE", "\(unread) bytes after the end of the compressed stream") }
            return (Array(output[0..<produced]), Array(input[(input.count - unread)...]))
        case Z_BUF_ERROR:
            throw FormatError("DEFLATE", "compressed stream is truncated")
        default:
            throw FormatError("DEFLATE", "compressed stream is corrupt")
        }
    }
}

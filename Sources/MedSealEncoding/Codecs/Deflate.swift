import CZlib
import Glibc

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
        try decompress(input[...], dictionary: dictionary, limit: limit, allowingTrailingBytes: false).output
    }

    /// Inflates a raw DEFLATE stream and returns it with the bytes that follow the stream's
    /// end (which must be none unless `allowingTrailingBytes`).
    /// With `requiringZeroPadding`, the bits after the end of the stream in its last byte must
    /// be zero (as zlib writes them), so that no two token texts carry the same message.
    public static func decompress(_ input: ArraySlice<UInt8>, dictionary: [UInt8] = [], limit: Int = DecodingLimits.maximumInflatedBytes,
                                  allowingTrailingBytes: Bool, requiringZeroPadding: Bool = true) throws(FormatError) -> (output: [UInt8], trailing: [UInt8]) {
        let (output, trailingCount) = try inflateStream(input, zlibContainer: false, dictionary: dictionary, limit: limit, allowingTrailingBytes: allowingTrailingBytes,
                                                        requiringZeroPadding: requiringZeroPadding, appendingTrailingBytes: false)
        return (output, Array(input.suffix(trailingCount)))
    }

    /// Inflates a raw DEFLATE stream that is followed by bytes sent as they are, and returns
    /// the inflated bytes with those bytes after them, in one array, and how many they are
    /// (a MedSeal token's message, whose signature travels uncompressed). The padding bits
    /// after the stream must be zero.
    public static func decompressJoiningTail(_ input: ArraySlice<UInt8>, dictionary: [UInt8], limit: Int = DecodingLimits.maximumInflatedBytes) throws(FormatError) -> (bytes: [UInt8], tailCount: Int) {
        let inflated = try inflateStream(input, zlibContainer: false, dictionary: dictionary, limit: limit, allowingTrailingBytes: true,
                                         requiringZeroPadding: true, appendingTrailingBytes: true)
        return (inflated.output, inflated.trailingCount)
    }

    /// Inflates a zlib stream (RFC 1950: header, DEFLATE data, Adler-32), as EU DCCs carry,
    /// refusing anything else (raw DEFLATE, uncompressed data, a bad checksum), extra bytes
    /// after the stream, and output beyond `limit` bytes.
    public static func decompressZlib(_ input: [UInt8], limit: Int) throws(FormatError) -> [UInt8] {
        guard input.count >= 2, input[0] & 0x0F == 8, (UInt16(input[0]) << 8 | UInt16(input[1])) % 31 == 0 else {
            throw FormatError("zlib", "the data does not start with a zlib header (it is not zlib-compressed)")
        }
        do {
            return try inflateStream(input[...], zlibContainer: true, dictionary: [], limit: limit, allowingTrailingBytes: false, requiringZeroPadding: false,
                                     appendingTrailingBytes: false).output
        } catch {
            throw FormatError("zlib", error.reason, at: error.offset)
        }
    }

    /// Inflates `input`; returns the output (followed by the bytes after the stream when
    /// `appendingTrailingBytes`) and how many bytes follow the stream.
    private static func inflateStream(_ input: ArraySlice<UInt8>, zlibContainer: Bool, dictionary: [UInt8], limit: Int, allowingTrailingBytes: Bool,
                                      requiringZeroPadding: Bool, appendingTrailingBytes: Bool) throws(FormatError) -> (output: [UInt8], trailingCount: Int) {
        guard let inflater = threadInflater(), inflateReset2(inflater.stream, zlibContainer ? 15 : -15) == Z_OK else {
            throw FormatError("DEFLATE", "zlib could not start")
        }
        let stream = inflater.stream
        if !dictionary.isEmpty {
            _ = dictionary.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, uInt($0.count)) }
        }
        // Output goes to the thread's scratch buffer, which holds any token; beyond it, to a
        // buffer that grows by doubling, up to one byte over the limit (to tell "exactly the
        // limit" from "more"). Only what zlib writes is read.
        var output = UnsafeMutableBufferPointer(rebasing: inflater.scratch[..<min(limit + 1, inflater.scratch.count)])
        var outputIsOwned = false
        defer { if outputIsOwned { output.deallocate() } }
        var paddingNotZero = false
        let (status, produced, unread): (Int32, Int, Int) = input.withUnsafeBufferPointer { inputBuffer in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.pointee.avail_in = uInt(inputBuffer.count)
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = uInt(output.count)
            var produced: Int { output.count - Int(stream.pointee.avail_out) }
            // Stop at each block boundary (Z_BLOCK): at the end of the last block, before
            // zlib discards them, data_type counts the bits of the last byte read that the
            // stream does not use; they must be zero. Then finish.
            var status: Int32
            repeat {
                if stream.pointee.avail_out == 0 && output.count <= limit {
                    let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(limit + 1, output.count * 2))
                    _ = larger.initialize(fromContentsOf: output)
                    let written = output.count
                    if outputIsOwned { output.deallocate() }
                    output = larger
                    outputIsOwned = true
                    stream.pointee.next_out = output.baseAddress! + written
                    stream.pointee.avail_out = uInt(output.count - written)
                }
                status = inflate(stream, Z_BLOCK)
                if status == Z_OK && stream.pointee.data_type & 0xC0 == 0xC0 {
                    let unused = Int(stream.pointee.data_type & 7)
                    let consumed = inputBuffer.count - Int(stream.pointee.avail_in)
                    if unused > 0 && consumed > 0 && inputBuffer[consumed - 1] >> UInt8(8 - unused) != 0 { paddingNotZero = true }
                    status = inflate(stream, Z_FINISH)
                    break
                }
                // Out of room: go round again to grow, unless the limit is reached.
                if status == Z_BUF_ERROR && stream.pointee.avail_out == 0 && output.count <= limit { status = Z_OK }
            } while status == Z_OK && (stream.pointee.avail_out > 0 || output.count <= limit)
            return (status, produced, Int(stream.pointee.avail_in))
        }
        if produced > limit {
            throw FormatError("DEFLATE", "inflates to more than the \(limit)-byte limit (possible decompression bomb)")
        }
        switch status {
        case Z_STREAM_END:
            guard unread == 0 || allowingTrailingBytes else { throw FormatError("DEFLATE", "\(unread) bytes after the end of the compressed stream") }
            if requiringZeroPadding && paddingNotZero {
                throw FormatError("DEFLATE", "the padding bits after the end of the compressed stream are not zero", at: input.count - unread - 1)
            }
            let tail = input[(appendingTrailingBytes ? input.endIndex - unread : input.endIndex)...]
            // Reserved and appended: see ``ByteArrays`` for why not `Array(unsafeUninitializedCapacity:)`.
            var joined = [UInt8]()
            joined.reserveCapacity(produced + tail.count)
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: output[..<produced]))
            joined.append(contentsOf: tail)
            return (joined, unread)
        case Z_BUF_ERROR:
            throw FormatError("DEFLATE", "compressed stream is truncated")
        default:
            throw FormatError("DEFLATE", "compressed stream is corrupt")
        }
    }

    /// A thread's inflate stream and the buffer it inflates tokens into.
    private struct Inflater {
        let stream: UnsafeMutablePointer<z_stream>
        let scratch: UnsafeMutableBufferPointer<UInt8>
    }

    /// This thread's inflate stream and scratch buffer, created on first use and kept until
    /// the thread ends: setting up a stream allocates about 40 KB (state and window), which
    /// cost more than inflating a token. `nil` when zlib cannot start one.
    private static func threadInflater() -> Inflater? {
        if let inflater = pthread_getspecific(inflaterKey) { return inflater.assumingMemoryBound(to: Inflater.self).pointee }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard medseal_inflate_init_raw(stream) == Z_OK else {
            stream.deallocate()
            return nil
        }
        let inflater = UnsafeMutablePointer<Inflater>.allocate(capacity: 1)
        inflater.initialize(to: Inflater(stream: stream, scratch: .allocate(capacity: DecodingLimits.maximumInflatedBytes + 1)))
        pthread_setspecific(inflaterKey, inflater)
        return inflater.pointee
    }

    /// The thread-specific slot of the inflaters; a thread's inflater is ended and freed when
    /// the thread exits.
    private static let inflaterKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            guard let inflater = pointer?.assumingMemoryBound(to: Inflater.self) else { return }
            inflateEnd(inflater.pointee.stream)
            inflater.pointee.stream.deallocate()
            inflater.pointee.scratch.deallocate()
            inflater.deallocate()
        }
        return key
    }()
}

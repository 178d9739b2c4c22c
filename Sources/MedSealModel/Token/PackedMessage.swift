import MedSealEncoding

/// Token body form 2: a MedSeal COSE_Sign1 message packed by what it is, not by its bytes.
///
///     body = kid (64 bits) || PackedCBOR(payload) || zero bits to the byte || signature (64 bytes)
///
/// The protected header `{1: -8, 4: kid}` and the empty unprotected header are the same in
/// every MedSeal token, so only the kid travels; the payload is packed with
/// ``PackedCBOR`` and ``ClinicalVocabulary/version2``; the signature follows as it is.
/// Unpacking rebuilds the exact message the issuer signed, byte for byte.
enum PackedMessage {
    static let layer = "packed"
    /// The message's bytes before the kid: tag 18, array of 4, protected header of 13 bytes
    /// `{1: -8, 4: h'…'}` with its 8-byte kid header.
    static let head: [UInt8] = [0xD2, 0x84, 0x4D, 0xA2, 0x01, 0x27, 0x04, 0x48]
    static let signatureHead: [UInt8] = [0x58, 0x40]

    /// The packed body of `message`, or nil if it is not a MedSeal message packing can carry
    /// (another header, a payload that is not deterministic CBOR, a float) or would not
    /// unpack to the same bytes.
    static func pack(_ message: [UInt8]) -> [UInt8]? {
        guard message.count > head.count + 8 + 1 + 2 + 66, Array(message[0..<head.count]) == head,
              message[head.count + 8] == 0xA0 else { return nil }
        let kid = message[head.count..<(head.count + 8)]
        var cursor = head.count + 9
        guard let (payloadLength, headLength) = byteStringHead(message, at: cursor) else { return nil }
        cursor += headLength
        guard cursor + payloadLength + 66 == message.count,
              Array(message[(cursor + payloadLength)..<(cursor + payloadLength + 2)]) == signatureHead else { return nil }
        let payload = Array(message[cursor..<(cursor + payloadLength)])
        guard let tree = try? CBORReader.decode(payload), CBORWriter.encode(tree) == payload else { return nil }
        var writer = BitWriter()
        for byte in kid { writer.write(byte: byte) }
        guard PackedCBOR.pack(tree, model: ClinicalVocabulary.version2, into: &writer) else { return nil }
        let body = writer.finished() + message.suffix(64)
        guard (try? unpack(body)) == message else { return nil }
        return body
    }

    /// The message the packed body `bytes[start...]` holds.
    static func unpack(_ bytes: [UInt8], from start: Int = 0) throws(FormatError) -> [UInt8] {
        let count = bytes.count - start
        guard count >= 8 + 1 + 64 else { throw FormatError(layer, "\(count) bytes is too short for a packed message") }
        var reader = BitReader(bytes, range: start..<(bytes.count - 64), layer: layer)
        var prefix = head
        for _ in 0..<8 { prefix.append(UInt8(try reader.read(width: 8))) }
        prefix.append(0xA0)
        let message = try PackedCBOR.unpack(from: &reader, model: ClinicalVocabulary.version2, limit: DecodingLimits.maximumInflatedBytes,
                                            asByteStringBetween: prefix, and: signatureHead[...] + bytes[(bytes.count - 64)...])
        try reader.requireOnlyPadding()
        return message
    }

    /// The length of a byte string whose head is at `offset`, and the head's length.
    private static func byteStringHead(_ bytes: [UInt8], at offset: Int) -> (Int, Int)? {
        guard offset < bytes.count else { return nil }
        switch bytes[offset] {
        case 0x40...0x57: return (Int(bytes[offset] - 0x40), 1)
        case 0x58 where offset + 1 < bytes.count: return (Int(bytes[offset + 1]), 2)
        case 0x59 where offset + 2 < bytes.count: return (Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]), 3)
        default: return nil
        }
    }
}

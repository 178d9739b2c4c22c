import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// A compact JWS as SMART Health Cards use it (RFC 7515): `header.payload.signature`, each
/// unpadded base64url; header `{"zip":"DEF","alg":"ES256","kid":…}`; payload raw DEFLATE.
public struct SHCJWS: Sendable {
    public let kid: String
    public let algorithm: String
    /// The bytes signed: the ASCII of `header.payload`.
    public let signingInput: [UInt8]
    public let compressedPayload: [UInt8]
    public let signature: [UInt8]

    public init(_ text: String) throws(FormatError) {
        guard text.utf8.count <= SHCText.maximumJWSCharacters else {
            throw FormatError("JWS", "\(text.utf8.count) characters is more than the \(SHCText.maximumJWSCharacters)-character limit")
        }
        // The three parts, cut at the bytes of the dots.
        var text = text
        let (parts, signingInput) = text.withUTF8 { utf8 -> ([[UInt8]?], [UInt8]) in
            var parts = [[UInt8]?](), start = 0
            // The dots found by memchr: the parts are long, the dots two.
            while parts.count <= 2, !utf8.isEmpty, let found = memchr(utf8.baseAddress! + start, 0x2E, utf8.count - start) {
                let index = utf8.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                parts.append(ByteText.decode(characters: UnsafeBufferPointer(rebasing: utf8[start..<index]), canonical: true))
                start = index + 1
            }
            let signed = parts.count == 2 ? Array(utf8[0..<start - 1]) : []
            parts.append(ByteText.decode(characters: UnsafeBufferPointer(rebasing: utf8[start...]), canonical: true))
            return (parts, signed)
        }
        guard parts.count == 3 else { throw FormatError("JWS", "a compact JWS has 3 parts separated by dots, this has \(parts.count > 3 ? "more than 3" : String(parts.count))") }
        guard let headerBytes = parts[0], let payload = parts[1], let signature = parts[2] else {
            throw FormatError("JWS", "a part is not unpadded base64url")
        }
        let header: JSONElement
        do { header = try JSONTape(headerBytes).root } catch {
            throw FormatError("JWS", "the header: " + (JSONSyntax.message(for: Data(headerBytes)) ?? "not valid JSON (at byte \(error.offset): \(error.reason))"))
        }
        guard header.kind == .object else { throw FormatError("JWS", "the header is not a JSON object") }
        // RFC 7515 §4.1.11: extensions listed in crit must be understood, or the JWS refused;
        // SMART Health Cards define none, and MedSeal understands none.
        if let critical = header["crit"] {
            throw FormatError("JWS", "the header lists critical extensions (crit: \(JSONReader.tree(critical).kindName)), which MedSeal does not understand (RFC 7515 §4.1.11: such a JWS is refused)")
        }
        guard header["zip"]?.text == "DEF" else {
            throw FormatError("JWS", "the header must say zip \"DEF\" (SMART Health Cards are compressed)")
        }
        guard let algorithm = header["alg"]?.text else { throw FormatError("JWS", "the header has no alg") }
        guard let kid = header["kid"]?.text, (1...128).contains(kid.utf8.count) else {
            throw FormatError("JWS", "the header has no kid (of 1 to 128 characters)")
        }
        self.kid = kid
        self.algorithm = algorithm
        self.signingInput = signingInput
        self.compressedPayload = payload
        self.signature = signature
    }
}

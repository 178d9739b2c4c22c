import Foundation
import MedSealCore

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
        let parts = text.utf8.split(separator: 0x2E, omittingEmptySubsequences: false).map(Substring.init)
        guard parts.count == 3 else { throw FormatError("JWS", "a compact JWS has 3 parts separated by dots, this has \(parts.count)") }
        guard let headerBytes = ByteText.bytes(strictBase64url: parts[0]),
              let payload = ByteText.bytes(strictBase64url: parts[1]),
              let signature = ByteText.bytes(strictBase64url: parts[2]) else {
            throw FormatError("JWS", "a part is not unpadded base64url")
        }
        let header: CBOR
        do { header = try JSONTree.parse(.init(headerBytes)) } catch { throw FormatError("JWS", "the header: \(error)") }
        guard case .map = header else { throw FormatError("JWS", "the header is not a JSON object") }
        // RFC 7515 §4.1.11: extensions listed in crit must be understood, or the JWS refused;
        // SMART Health Cards define none, and MedSeal understands none.
        if let critical = header[.text("crit")] {
            throw FormatError("JWS", "the header lists critical extensions (crit: \(critical.kindName)), which MedSeal does not understand (RFC 7515 §4.1.11: such a JWS is refused)")
        }
        guard case .text(let zip)? = header[.text("zip")], zip == "DEF" else {
            throw FormatError("JWS", "the header must say zip \"DEF\" (SMART Health Cards are compressed)")
        }
        guard case .text(let algorithm)? = header[.text("alg")] else { throw FormatError("JWS", "the header has no alg") }
        guard case .text(let kid)? = header[.text("kid")], (1...128).contains(kid.utf8.count) else {
            throw FormatError("JWS", "the header has no kid (of 1 to 128 characters)")
        }
        self.kid = kid
        self.algorithm = algorithm
        self.signingInput = Array(parts[0].utf8) + [0x2E] + Array(parts[1].utf8)
        self.compressedPayload = payload
        self.signature = signature
    }
}

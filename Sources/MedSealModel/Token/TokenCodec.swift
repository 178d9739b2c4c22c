import Foundation
import MedSealEncoding

/// The text form of a MedSeal token:
///
///     MS1:<Base45( flags || body )>
///
/// `flags` is one byte. 0: `body` is the COSE_Sign1 message as is. 1: `body` is the message
/// without its last 64 bytes, compressed with raw DEFLATE (RFC 1951) primed with
/// ``CompressionDictionary/version1``, followed by those 64 bytes as they are. The last
/// 64 bytes are the Ed25519 signature, which cannot be compressed and would cost 9 bits a
/// byte inside a DEFLATE block. The issuer uses form 1 only when it makes the token
/// shorter. Form 2 packs the message (``PackedMessage``); forms 3 and 4 are a holder-bound
/// credential and a presentation of one (``HolderEnvelope``). Every character of the result is
/// in the QR alphanumeric set.
public enum TokenCodec {
    /// The versioned prefix of format 1.
    public static let prefix = "MS1:"

    /// The flags byte values.
    enum Flags {
        static let plain: UInt8 = 0
        static let deflated: UInt8 = 1
        static let packed: UInt8 = 2
        static let holderCredential: UInt8 = 3
        static let presentation: UInt8 = 4
    }

    /// The forms of a token body.
    public enum BodyForm: Sendable, CaseIterable {
        /// Form 0: the message as it is.
        case plain
        /// Form 1: DEFLATE with dictionary version 1 (the first format's compression).
        case deflated
        /// Form 2: packed with the clinical vocabulary (version 2).
        case packed
        /// Form 3: a holder-bound credential with all its disclosures (``HolderEnvelope``).
        case holderCredential
        /// Form 4: a presentation of a holder-bound credential.
        case presentation

        /// The forms a signed message can take (3 and 4 are not messages).
        public static let messageForms: [BodyForm] = [.plain, .deflated, .packed]
    }

    /// Bytes at the end of the message that travel outside the DEFLATE stream.
    static let uncompressedTail = 64

    /// The token text for a COSE_Sign1 message; compressed when that is shorter, unless
    /// `allowCompression` is false.
    public static func encode(_ message: [UInt8], allowCompression: Bool = true) -> String {
        let forms: [BodyForm] = allowCompression ? BodyForm.messageForms : [.plain]
        let bodies = forms.compactMap { body(of: message, as: $0) }
        return prefix + Base45.encode(bodies.min { $0.count < $1.count }!)
    }

    /// The token text for `message` with its body in `form`, nil if the message cannot take it.
    public static func encode(_ message: [UInt8], as form: BodyForm) -> String? {
        body(of: message, as: form).map { prefix + Base45.encode($0) }
    }

    /// The flags byte and body of `message` in `form`.
    static func body(of message: [UInt8], as form: BodyForm) -> [UInt8]? {
        switch form {
        case .plain: return [Flags.plain] + message
        case .deflated:
            guard message.count > uncompressedTail else { return nil }
            let split = message.count - uncompressedTail
            return [Flags.deflated] + Deflate.compress(Array(message[..<split]), dictionary: CompressionDictionary.version1) + message[split...]
        case .packed:
            return PackedMessage.pack(message).map { [Flags.packed] + $0 }
        case .holderCredential, .presentation:
            return nil
        }
    }

    /// The form of a token's body, read from its flags byte, nil if the text is no token.
    public static func bodyForm(of text: String) -> BodyForm? {
        let trimmed = trimmedUTF8(text)
        guard CaseFoldedPrefix.matches(trimmed, prefix),
              let bytes = try? Base45.decodeTyped(trimmed.dropFirst(prefix.utf8.count)), let flags = bytes.first else { return nil }
        switch flags {
        case Flags.plain: return .plain
        case Flags.deflated: return .deflated
        case Flags.packed: return .packed
        case Flags.holderCredential: return .holderCredential
        case Flags.presentation: return .presentation
        default: return nil
        }
    }

    /// `text` without leading and trailing ASCII spaces, tabs, carriage returns and line feeds.
    public static func trimmingSpace(_ text: String) -> Substring { Substring(trimmedUTF8(text)) }

    /// ``trimmingSpace(_:)`` as UTF-8 bytes: cut at bytes, with none of the work of finding
    /// character boundaries that cutting a `String` does (the cuts are next to ASCII bytes).
    static func trimmedUTF8(_ text: String) -> Substring.UTF8View {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return utf8[utf8.endIndex...]
        }
        return utf8[first...last]
    }

    /// What a token carries: a signed message, or a holder's credential or presentation.
    public enum Content: Sendable {
        case message([UInt8])
        case holderCredential(HolderEnvelope)
        case presentation(HolderEnvelope)
    }

    /// The token text of a holder-bound credential (form 3) or a presentation (form 4).
    public static func encode(_ envelope: HolderEnvelope) -> String {
        prefix + Base45.encode([envelope.keyBinding == nil ? Flags.holderCredential : Flags.presentation] + envelope.packed)
    }

    /// The COSE_Sign1 message inside token text. Surrounding white space, a lower-case
    /// prefix and text typed with Caps Lock on (see ``Base45/decodeTyped(_:)``), as
    /// keyboard-wedge scanners send them, are tolerated; everything else must be exact.
    /// A holder-bound credential or presentation is refused (see ``decodeContent(_:)``).
    public static func decode(_ text: String) throws(FormatError) -> [UInt8] {
        switch try decodeContent(text) {
        case .message(let message): return message
        case .holderCredential:
            throw FormatError("token", "this is a holder-bound credential, the patient's own file: the patient shows it with medseal present")
        case .presentation:
            throw FormatError("token", "this is a presentation made by a patient, verified by medseal-verify, not a credential")
        }
    }

    /// What token text carries, read as ``decode(_:)`` reads it.
    public static func decodeContent(_ text: String) throws(FormatError) -> Content {
        let trimmed = trimmedUTF8(text)
        guard trimmed.count <= DecodingLimits.maximumTokenCharacters else {
            throw FormatError("token", "\(trimmed.count) characters is more than the \(DecodingLimits.maximumTokenCharacters)-character limit (no QR code holds that much)")
        }
        guard CaseFoldedPrefix.matches(trimmed, prefix) else {
            // Only the first characters can be a prefix: a long text is not searched to its end.
            let trimmed = Substring(trimmed).prefix(8)
            if let colon = trimmed.firstIndex(of: ":") {
                throw FormatError("prefix", "'\(trimmed[..<colon]):' is not a MedSeal token prefix (expected \(prefix))")
            }
            throw FormatError("prefix", "the text does not start with \(prefix)")
        }
        let bytes = try Base45.decodeTyped(trimmed.dropFirst(prefix.utf8.count))
        guard let flags = bytes.first else { throw FormatError("token", "nothing after the prefix") }
        switch flags {
        case Flags.plain:
            return .message(Array(bytes.dropFirst()))
        case Flags.deflated:
            let (message, tailCount) = try Deflate.decompressJoiningTail(bytes[1...], dictionary: CompressionDictionary.version1)
            guard tailCount == uncompressedTail else {
                throw FormatError("token", "expected \(uncompressedTail) bytes after the compressed stream, found \(tailCount)")
            }
            return .message(message)
        case Flags.packed:
            return .message(try PackedMessage.unpack(bytes, from: 1))
        case Flags.holderCredential:
            return .holderCredential(try HolderEnvelope(packed: bytes, from: 1, presentation: false))
        case Flags.presentation:
            return .presentation(try HolderEnvelope(packed: bytes, from: 1, presentation: true))
        default:
            throw FormatError("token", "unknown flags byte \(flags) (this verifier reads body forms 0 to 4)")
        }
    }
}


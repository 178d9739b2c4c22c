import MedSealEncoding

/// The kinds of signed files that are not credentials. Each has its own COSE content type
/// in the protected header, so that one kind can never be passed off as another.
public enum SignedFileKind: String, Sendable {
    case trustBundle = "application/medseal-trust-bundle+cbor"
    case revocationList = "application/medseal-revocation-list+cbor"

    /// The name used in messages.
    public var displayName: String {
        switch self {
        case .trustBundle: return "trust bundle"
        case .revocationList: return "revocation list"
        }
    }
}

/// Signing and opening trust bundles and revocation lists: a tagged COSE_Sign1 (EdDSA)
/// whose protected header names the kind, around a CBOR payload.
public enum SignedFile {
    /// Signs `payload` as a file of `kind` with `key`.
    public static func sign(_ payload: CBOR, kind: SignedFileKind, key: IssuerSigningKey) -> [UInt8] {
        var message = COSESign1(algorithm: .edDSA, kid: key.publicKey.kid, payload: CBORWriter.encode(payload), contentType: kind.rawValue)
        message.signature = key.sign(message.bytesToSign)
        return message.encoded
    }

    /// Parses a signed file of `kind` (not yet checking the signature): the message and its
    /// decoded payload. For files from elsewhere, use ``envelope(_:kind:)``, check the
    /// signature, and only then ``payload(of:kind:)``.
    public static func open(_ bytes: [UInt8], kind: SignedFileKind) throws(FormatError) -> (message: COSESign1, payload: CBOR) {
        let message = try envelope(bytes, kind: kind)
        return (message, try payload(of: message, kind: kind))
    }

    /// The signed message of a file of `kind`, its payload left as bytes: only the small
    /// COSE envelope is read, so that the signature can be checked before the payload (which
    /// may be megabytes) is decoded.
    public static func envelope(_ bytes: [UInt8], kind: SignedFileKind) throws(FormatError) -> COSESign1 {
        let message = try COSESign1(decoding: bytes)
        guard message.contentType == kind.rawValue else {
            throw FormatError("COSE", "not a MedSeal \(kind.displayName) (content type is \(message.contentType.map { "'\($0)'" } ?? "missing"))")
        }
        guard let kid = message.kid, kid.count == 8 else { throw FormatError("COSE", "the protected header has no 8-byte kid") }
        return message
    }

    /// The decoded payload of a message read by ``envelope(_:kind:)``.
    public static func payload(of message: COSESign1, kind: SignedFileKind) throws(FormatError) -> CBOR {
        try CBORReader.decode(message.payload, mode: .deterministic, layer: kind.displayName)
    }
}

/// The CWT claims set (RFC 8392) a MedSeal token signs: issuer, times, credential id and
/// the health document under a private-use claim key. Other systems' credentials are
/// described in the same terms once verified (their `exp` may be absent).
public struct CredentialClaims: Hashable, Sendable {
    /// `iss` (claim 1): the issuer's name, as in its public key file.
    public var issuer: String
    /// `iat` (claim 6), seconds since 1970.
    public var issuedAt: Int64
    /// `nbf` (claim 5), seconds since 1970; absent means "from `iat`".
    public var notBefore: Int64?
    /// `exp` (claim 4), seconds since 1970; required in MedSeal tokens, absent only for
    /// another system's credential that does not expire (a SMART Health Card without `exp`).
    public var expiresAt: Int64?
    /// `cti` (claim 7): the credential id, random bytes.
    public var credentialID: [UInt8]
    public var document: CredentialDocument

    /// Length of the random credential ids MedSeal issues.
    public static let credentialIDLength = 8

    enum Key {
        static let issuer: Int64 = 1
        static let expiresAt: Int64 = 4
        static let notBefore: Int64 = 5
        static let issuedAt: Int64 = 6
        static let credentialID: Int64 = 7
    }

    public init(issuer: String, issuedAt: Int64, notBefore: Int64? = nil, expiresAt: Int64?, credentialID: [UInt8], document: CredentialDocument) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.credentialID = credentialID
        self.document = document
    }

    /// The claims as a CBOR map (for MedSeal documents).
    public var cbor: CBOR {
        var entries = [
            CBORMapEntry(.int(Key.issuer), .text(issuer)),
            CBORMapEntry(.int(Key.issuedAt), .int(issuedAt)),
            CBORMapEntry(.int(Key.credentialID), .bytes(credentialID)),
        ]
        if let expiresAt { entries.append(CBORMapEntry(.int(Key.expiresAt), .int(expiresAt))) }
        if let claimKey = document.type?.claimKey { entries.append(CBORMapEntry(.int(claimKey), document.cbor)) }
        if let notBefore { entries.append(CBORMapEntry(.int(Key.notBefore), .int(notBefore))) }
        return .map(entries)
    }

    /// Reads a claims map, refusing unknown claims, missing required ones and wrong types.
    public init(cbor: CBOR) throws(FormatError) {
        guard case .map(let entries) = cbor else { throw FormatError("claims", "payload is a \(cbor.kindName), not a map") }
        func integer(_ key: Int64, _ name: String) throws(FormatError) -> Int64? {
            guard let value = cbor[.int(key)] else { return nil }
            guard let number = value.intValue else { throw FormatError("claims", "\(name) is a \(value.kindName), not an integer") }
            return number
        }
        guard case .text(let issuer)? = cbor[.int(Key.issuer)], !issuer.isEmpty else {
            throw FormatError("claims", "iss (issuer) is missing or not text")
        }
        guard let issuedAt = try integer(Key.issuedAt, "iat") else { throw FormatError("claims", "iat (issued at) is missing") }
        guard let expiresAt = try integer(Key.expiresAt, "exp") else { throw FormatError("claims", "exp (expiry) is missing; MedSeal credentials must expire") }
        guard case .bytes(let id)? = cbor[.int(Key.credentialID)], (1...64).contains(id.count) else {
            throw FormatError("claims", "cti (credential id) is missing or not 1 to 64 bytes")
        }
        let types = CredentialType.allCases.filter { cbor[.int($0.claimKey)] != nil }
        guard types.count == 1, let type = types.first, let body = cbor[.int(type.claimKey)] else {
            throw FormatError("claims", types.isEmpty ? "no health document" : "more than one health document")
        }
        let known: Set<CBOR> = Set([Key.issuer, Key.expiresAt, Key.notBefore, Key.issuedAt, Key.credentialID, type.claimKey].map { CBOR.int($0) })
        if let unknown = entries.first(where: { !known.contains($0.key) }) {
            throw FormatError("claims", "unknown claim \(unknown.key.intValue.map(String.init) ?? unknown.key.kindName)")
        }
        let document: CredentialDocument
        do {
            document = try CredentialDocument.fromCBOR(body, type: type)
        } catch {
            throw FormatError("document", error.description)
        }
        self.init(issuer: issuer, issuedAt: issuedAt, notBefore: try integer(Key.notBefore, "nbf"),
                  expiresAt: expiresAt, credentialID: id, document: document)
    }
}

extension CredentialClaims {
    /// The claims of a token, read without checking its signature: for the issuer's own
    /// tokens (printing a card, naming a credential to revoke), never for verifying.
    public static func unverified(token: String) throws(FormatError) -> CredentialClaims {
        let message = try COSESign1(decoding: TokenCodec.decode(token))
        return try CredentialClaims(cbor: try CBORReader.decode(message.payload, layer: "claims"))
    }
}

import MedSealEncoding

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
    /// Sections the issuer sealed to an emergency-access key (claim -65540), if any.
    public var sealed: SealedItems?

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
        if let sealed { entries.append(CBORMapEntry(.int(SealedItems.claimKey), sealed.cbor)) }
        return .map(entries)
    }
}

extension CredentialClaims {
    /// The claims of a token, read without checking its signature: for the issuer's own
    /// tokens (printing a card, naming a credential to revoke), never for verifying. A
    /// holder-bound credential or a presentation gives its credential's claims with the parts
    /// it carries.
    public static func unverified(token: String) throws(FormatError) -> CredentialClaims {
        switch try TokenCodec.decodeContent(token) {
        case .message(let bytes): return try read(COSESign1(decoding: bytes).payload).claims.get()
        case .holderCredential(let envelope), .presentation(let envelope):
            return try read(holderBound: envelope.payloadBytes, revealed: envelope.disclosures).0.claims.get()
        }
    }

    /// A token's claims as read before its signature is checked: the claimed issuer, which
    /// chooses the keys the signature is checked with, and the claims or the first problem
    /// with them (a verifier reports a problem only once the signature verifies: then it is
    /// the issuer's error, not a forgery). Two values a caller can take apart without a copy:
    /// the verifier moves the claims into the credential it returns, where copying them out
    /// of a struct retained every array and text of the document.
    public typealias Reading = (issuer: String, claims: Result<CredentialClaims, FormatError>)

    /// Reads encoded claims straight from their bytes, with no tree in between. Throws when
    /// the bytes are not one deterministic CBOR map or name no issuer; anything else wrong
    /// (a missing or mistyped claim, an unknown claim, a document that does not read or
    /// does not pass its field checks) is kept in the reading's `claims`.
    public static func read(_ payload: [UInt8]) throws(FormatError) -> Reading {
        var holder = HolderBinding.Found()
        return try read(payload, revealed: nil, holder: &holder)
    }

    /// Reads the claims a holder-bound credential's issuer signed (``HolderBinding``), with
    /// the `revealed` parts put back into the document, as ``read(_:)`` reads a plain token's:
    /// the reading, and what the holder binding says. Throws, besides, when the payload names
    /// no holder key or digests, or a revealed part has no digest or comes twice.
    public static func read(holderBound payload: [UInt8], revealed: [Disclosure]) throws(FormatError) -> (Reading, HolderBinding.Facts) {
        var holder = HolderBinding.Found()
        let reading = try read(payload, revealed: revealed, holder: &holder)
        return (reading, try holder.facts(revealed: revealed))
    }

    /// The one claims reader: a plain token's (`revealed` nil) or a holder-bound one's.
    private static func read(_ payload: [UInt8], revealed: [Disclosure]?, holder: inout HolderBinding.Found) throws(FormatError) -> Reading {
        var cursor = CBORCursor(payload, layer: "claims")
        var issuer: String?, issuedAt: Int64?, notBefore: Int64?, expiresAt: Int64?, id: [UInt8]?
        var found: CredentialDocument?, documentCount = 0, sealed: SealedItems?
        var problem: FormatError?
        func note(_ reason: String) { problem = problem ?? FormatError("claims", reason) }
        try cursor.readMap { (key, cursor) throws(FormatError) in
            func integer(_ name: String) throws(FormatError) -> Int64? {
                guard let major = cursor.nextMajorType, major <= 1 else {
                    note("\(name) is not an integer")
                    try cursor.skipItem()
                    return nil
                }
                let value = try cursor.readInt()
                guard Timestamps.isPlausible(value) else {
                    note("\(name) is not a time between the years 1970 and 9999")
                    return nil
                }
                return value
            }
            switch key {
            case Key.issuer:
                guard cursor.nextMajorType == 3 else { throw cursor.fail("iss (issuer) is not text") }
                issuer = IssuerName.normalized(try cursor.readText())
            case Key.issuedAt: issuedAt = try integer("iat")
            case Key.notBefore: notBefore = try integer("nbf")
            case Key.expiresAt: expiresAt = try integer("exp")
            case Key.credentialID:
                guard cursor.nextMajorType == 2 else { note("cti (credential id) is not a byte string"); try cursor.skipItem(); return }
                id = try cursor.readBytes()
            case HolderBinding.confirmationClaim? where revealed != nil:
                holder.holderKey = try HolderBinding.holderKey(in: cursor.readItem(depth: 2))
            case HolderBinding.digestsClaim? where revealed != nil:
                holder.digests = try HolderBinding.digests(in: cursor.readItem(depth: 1))
            case SealedItems.claimKey?:
                do throws(FormatError) { sealed = try SealedItems(cbor: cursor.readItem(depth: 2)) } catch { problem = problem ?? error }
            case let number? where CredentialType(claimKey: number) != nil:
                let type = CredentialType(claimKey: number)!
                var document = cursor
                document.layer = "document"
                documentCount += 1
                do throws(FormatError) {
                    if let revealed {
                        holder.type = type
                        found = try CredentialDocument.read(compact: &document, type: type, revealed: revealed, floorProblems: &holder.floorProblems)
                    } else {
                        found = try CredentialDocument.read(compact: &document, type: type)
                    }
                    document.layer = cursor.layer
                    cursor = document
                } catch {
                    problem = problem ?? error
                    try cursor.skipItem()
                }
            default:
                note("unknown claim \(key.map(String.init) ?? "with a key that is not a number")")
                try cursor.skipItem()
            }
        }
        guard cursor.isAtEnd else { throw cursor.fail("\(payload.count - cursor.position) unexpected bytes after the claims") }
        guard let issuer, !issuer.isEmpty else { throw FormatError("claims", "iss (issuer) is missing or empty") }
        if issuedAt == nil && problem == nil { note("iat (issued at) is missing") }
        if expiresAt == nil && problem == nil { note("exp (expiry) is missing; MedSeal credentials must expire") }
        if !(1...64).contains(id?.count ?? 0) { note("cti (credential id) is missing or not 1 to 64 bytes") }
        if documentCount != 1 && problem == nil { note(documentCount == 0 ? "no health document" : "more than one health document") }
        if let problem { return (issuer, .failure(problem)) }
        var claims = CredentialClaims(issuer: issuer, issuedAt: issuedAt!, notBefore: notBefore, expiresAt: expiresAt,
                                      credentialID: id!, document: found!)
        if let sealed {
            guard claims.document.type == .emergency else { return (issuer, .failure(FormatError("claims", "only emergency summaries carry sealed items"))) }
            claims.sealed = sealed
        }
        return (issuer, .success(claims))
    }
}

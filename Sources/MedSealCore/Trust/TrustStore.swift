/// The issuer keys a verifier trusts: keys from `.pub` files in its folder plus the keys
/// of its compiled index, looked up by kid without reading the rest.
public struct TrustStore: Sendable {
    /// Keys from `.pub` files placed in the folder by hand.
    public let fileKeys: [TrustedKey]
    private let index: TrustIndex?

    init(fileKeys: [TrustedKey], index: TrustIndex?) {
        self.fileKeys = fileKeys
        self.index = index
    }

    /// A store of just these keys (for tests and tools).
    public init(keys: [IssuerKey]) {
        self.init(fileKeys: keys.map { TrustedKey(key: $0, source: .added, updatedAt: 0) }, index: nil)
    }

    /// Loads the store in `folder` (see ``VerifierStore``).
    public static func load(folder: String) throws(UserError) -> TrustStore {
        try VerifierStore(folder: folder).trust()
    }

    /// Every trusted key with this kid, from any source.
    public func keys(kid: [UInt8]) throws(UserError) -> [TrustedKey] {
        fileKeys.filter { $0.key.kid == kid } + (try index?.keys(kid: kid) ?? [])
    }

    /// Every trusted key with this kid that belongs to the claimed issuer. Two keys may
    /// share a kid; the caller tries them all.
    public func candidates(kid: [UInt8], issuer: String) throws(UserError) -> [IssuerKey] {
        // Built in one array: this runs for every token verified.
        var found: [IssuerKey] = []
        for trusted in fileKeys where trusted.key.kid == kid && trusted.key.issuer == issuer { found.append(trusted.key) }
        for trusted in try index?.keys(kid: kid) ?? [] where trusted.key.issuer == issuer { found.append(trusted.key) }
        return found
    }

    /// Whether any trusted key has this kid (under any issuer).
    public func knowsKid(_ kid: [UInt8]) throws(UserError) -> Bool { !(try keys(kid: kid)).isEmpty }
}

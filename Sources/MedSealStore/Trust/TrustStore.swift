import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The issuer keys a verifier trusts: keys from `.pub` files in its folder plus the keys
/// of its compiled index, looked up by kid without reading the rest.
public struct TrustStore: TrustedKeyLookup {
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
        var found: [TrustedKey] = []
        try forEachKey(kid: kid) { found.append($0) }
        return found
    }

    /// Every trusted key with this kid that belongs to the claimed issuer. Two keys may
    /// share a kid; the caller tries them all.
    public func candidates(kid: [UInt8], issuer: String) throws(UserError) -> [IssuerKey] {
        // Built in one array, with no list of every key with the kid first: this runs for
        // every token verified.
        var found: [IssuerKey] = []
        try forEachKey(kid: kid) { if $0.key.issuer == issuer { found.append($0.key) } }
        return found
    }

    /// Calls `body` with every trusted key with this kid: the folder's files, then the index.
    private func forEachKey(kid: [UInt8], _ body: (TrustedKey) -> Void) throws(UserError) {
        for trusted in fileKeys where trusted.key.kid == kid { body(trusted) }
        for trusted in try index?.keys(kid: kid) ?? [] { body(trusted) }
    }

    /// Whether any trusted key has this kid (under any issuer).
    public func knowsKid(_ kid: [UInt8]) throws(UserError) -> Bool { !(try keys(kid: kid)).isEmpty }
}

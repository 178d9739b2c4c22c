import MedSealEncoding
import MedSealModel

/// Where the engine finds the issuer keys it trusts for MedSeal tokens: the verifier's store
/// (`TrustStore` in MedSealStore) or a fixed set. The engine depends on this, not on the store.
public protocol TrustedKeyLookup: Sendable {
    /// Every trusted key with this kid that belongs to the claimed issuer. Two keys may share
    /// a kid; the engine tries them all.
    func candidates(kid: [UInt8], issuer: String) throws(UserError) -> [IssuerKey]
    /// Whether any trusted key has this kid (under any issuer), to tell "unknown key" from
    /// "key trusted for another issuer".
    func knowsKid(_ kid: [UInt8]) throws(UserError) -> Bool
}

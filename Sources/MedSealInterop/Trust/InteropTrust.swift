import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// Other systems' trust material in a verifier store (SMART Health Card issuers, EU DCC
/// signing certificates), read on first use and shared by the verifications of one run;
/// certificates and keys are parsed by libcrypto once per run, not once per verification.
public final class InteropTrust: @unchecked Sendable {
    public let store: VerifierStore
    private let lock = NSLock()
    private var dccList: Result<DCCTrustList, UserError>?
    private var shcIssuers: Result<SHCTrust, UserError>?
    private var parsedCertificates: [Data: [X509Certificate]] = [:]
    private var everyDCCCertificate: [X509Certificate]?
    private var shcKeysByKid: [String: [SHCSigningKey]]?
    private var cscaList: Result<(authorities: [X509Certificate], revocationLists: [X509RevocationList]), UserError>?

    public init(store: VerifierStore) { self.store = store }

    /// The EU DCC signing certificates.
    public func dcc() throws(UserError) -> DCCTrustList {
        try cached(&dccList) { () throws(UserError) in try DCCTrustList.load(store) }
    }

    /// The trusted country signing CAs for VDS-NC seals and their CRLs, parsed once per run.
    public func cscas() throws(UserError) -> (authorities: [X509Certificate], revocationLists: [X509RevocationList]) {
        try cached(&cscaList) { () throws(UserError) in
            let list = try CSCATrustList.load(store)
            return (list.authorities.compactMap { try? X509Certificate(der: Array($0.der)) }, list.revocationLists.compactMap { try? X509RevocationList(der: Array($0.der)) })
        }
    }

    /// The trusted EU DCC signing certificates with `kid` (more than one may share it).
    public func dccCertificates(kid: [UInt8]) throws(UserError) -> [X509Certificate] {
        let list = try dcc()
        lock.lock()
        defer { lock.unlock() }
        if let parsed = parsedCertificates[Data(kid)] { return parsed }
        let parsed = list.certificates(kid: kid)
        parsedCertificates[Data(kid)] = parsed
        return parsed
    }

    /// Every trusted EU DCC signing certificate, for a certificate that names no kid (parsed
    /// once per run, on first use; one that does not parse is left out, as by kid).
    public func allDCCCertificates() throws(UserError) -> [X509Certificate] {
        let list = try dcc()
        lock.lock()
        defer { lock.unlock() }
        if let everyDCCCertificate { return everyDCCCertificate }
        let parsed = list.entries.compactMap { try? X509Certificate(der: Array($0.der)) }
        everyDCCCertificate = parsed
        return parsed
    }

    /// The trusted SMART Health Card keys with `kid`, each with its issuer and its libcrypto
    /// key: indexed by kid, and every key parsed, once per run on first use, so that a
    /// verification finds its candidates with one lookup and checks with no lock or parse.
    public func shcSigningKeys(kid: String) throws(UserError) -> [SHCSigningKey] {
        let issuers = try shc().issuers
        lock.lock()
        defer { lock.unlock() }
        if shcKeysByKid == nil {
            var index = [String: [SHCSigningKey]]()
            for issuer in issuers {
                for key in issuer.keys {
                    let parsed = Result { () throws(FormatError) in try key.publicKey() }
                    index[key.kid, default: []].append(SHCSigningKey(issuer: issuer, key: key, publicKey: parsed))
                }
            }
            shcKeysByKid = index
        }
        return shcKeysByKid![kid] ?? []
    }

    /// The SMART Health Card issuers.
    public func shc() throws(UserError) -> SHCTrust {
        try cached(&shcIssuers) { () throws(UserError) in try SHCTrust.load(store) }
    }

    /// The value in `slot`, loading it (or the error) on first use.
    private func cached<T>(_ slot: inout Result<T, UserError>?, _ load: () throws(UserError) -> T) throws(UserError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if slot == nil {
            do { slot = .success(try load()) } catch { slot = .failure(error) }
        }
        return try slot!.get()
    }
}

/// A trusted SMART Health Card key, the issuer it belongs to, and its libcrypto key (or why
/// the stored key cannot be used).
public struct SHCSigningKey: Sendable {
    public let issuer: SHCIssuer
    public let key: SHCKey
    public let publicKey: Result<ForeignPublicKey, FormatError>
}

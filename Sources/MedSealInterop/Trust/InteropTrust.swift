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
    private var parsedKeys: [SHCKey: Result<ForeignPublicKey, FormatError>] = [:]

    public init(store: VerifierStore) { self.store = store }

    /// The EU DCC signing certificates.
    public func dcc() throws(UserError) -> DCCTrustList {
        try cached(&dccList) { () throws(UserError) in try DCCTrustList.load(store) }
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

    /// The libcrypto key of a stored SMART Health Card key.
    public func publicKey(_ key: SHCKey) throws(FormatError) -> ForeignPublicKey {
        lock.lock()
        defer { lock.unlock() }
        if parsedKeys[key] == nil {
            do { parsedKeys[key] = .success(try key.publicKey()) } catch { parsedKeys[key] = .failure(error) }
        }
        return try parsedKeys[key]!.get()
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

import Foundation
import MedSealCore

/// Other systems' trust material in a verifier store (SMART Health Card issuers, EU DCC
/// signing certificates), read on first use and shared by the verifications of one run.
public final class InteropTrust: @unchecked Sendable {
    public let store: VerifierStore
    private let lock = NSLock()
    private var dccList: Result<DCCTrustList, UserError>?
    private var shcIssuers: Result<SHCTrust, UserError>?

    public init(store: VerifierStore) { self.store = store }

    /// The EU DCC signing certificates.
    public func dcc() throws(UserError) -> DCCTrustList {
        lock.lock()
        defer { lock.unlock() }
        if dccList == nil {
            do { dccList = .success(try DCCTrustList.load(store)) } catch { dccList = .failure(error) }
        }
        return try dccList!.get()
    }

    /// The SMART Health Card issuers.
    public func shc() throws(UserError) -> SHCTrust {
        lock.lock()
        defer { lock.unlock() }
        if shcIssuers == nil {
            do { shcIssuers = .success(try SHCTrust.load(store)) } catch { shcIssuers = .failure(error) }
        }
        return try shcIssuers!.get()
    }
}

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
        try cached(&dccList) { () throws(UserError) in try DCCTrustList.load(store) }
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

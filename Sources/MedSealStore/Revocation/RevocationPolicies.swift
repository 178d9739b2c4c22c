import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The revocation lists a verifier run consults, opened on first use and shared by the
/// policies that read them.
public final class RevocationLists: @unchecked Sendable {
    private let store: VerifierStore
    private let lock = NSLock()
    private var opened: [String: Result<RevocationIndex?, UserError>] = [:]

    public init(store: VerifierStore) { self.store = store }

    /// The stored list of `issuer`, or `nil` when none was imported.
    public func list(issuer: String) throws(UserError) -> RevocationIndex? {
        lock.lock()
        defer { lock.unlock() }
        if opened[issuer] == nil {
            do { opened[issuer] = .success(try store.revocationList(issuer: issuer)) } catch { opened[issuer] = .failure(error) }
        }
        return try opened[issuer]!.get()
    }
}

/// The credential must not be on its issuer's revocation list, as revoked or superseded
/// (MedSeal credentials), or on the imported list another system keeps for it (EU DCCs).
public struct RevocationPolicy: VerificationPolicy {
    public let lists: RevocationLists

    public init(lists: RevocationLists) { self.lists = lists }

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        if let lookup = credential.revocationLookup { return foreignCheck(lookup) }
        guard credential.format == .medseal else { return nil }
        let claims = credential.claims
        do {
            guard let list = try lists.list(issuer: claims.issuer),
                  let reason = try list.reason(for: RevocationList.entryHash(issuer: claims.issuer, credentialID: claims.credentialID)) else { return nil }
            switch reason {
            case .revoked:
                return VerificationReason(.revoked, "revoked by the issuer (revocation list #\(list.sequence) of \(HumanTime.describe(list.issuedAt)))")
            case .superseded:
                return VerificationReason(.superseded, "superseded: the issuer has issued a newer credential for this record (revocation list #\(list.sequence)); ask the holder for the new one")
            }
        } catch {
            return VerificationReason(.damagedStore, error.message, remedy: error.remedy)
        }
    }
}

extension RevocationPolicy {
    /// Another system's revocation (EU DCC lists, imported by signing key): revoked when the
    /// stored list holds any of the credential's entries.
    func foreignCheck(_ lookup: ForeignRevocationLookup) -> VerificationReason? {
        do {
            guard let list = try lists.list(issuer: lookup.list) else { return nil }
            for entry in lookup.entries() where try list.reason(for: entry) != nil {
                return VerificationReason(.revoked, "revoked: listed in the imported \(lookup.list) (imported \(HumanTime.describe(list.importedAt)))")
            }
            return nil
        } catch {
            return VerificationReason(.damagedStore, error.message, remedy: error.remedy)
        }
    }
}

/// How old a cached revocation list may be. By default a list past its `nextUpdate`, or a
/// missing list, is a warning; `maximumAge` and `requireFresh` make them failures.
public struct ListFreshnessPolicy: VerificationPolicy {
    public let lists: RevocationLists
    /// Fail when the list was issued longer ago than this many seconds (`--max-list-age`).
    public let maximumAge: Int64?
    /// Fail when the list is past its `nextUpdate` or missing (`--require-fresh-lists`).
    public let requireFresh: Bool

    public init(lists: RevocationLists, maximumAge: Int64? = nil, requireFresh: Bool = false) {
        self.lists = lists
        self.maximumAge = maximumAge
        self.requireFresh = requireFresh
    }

    /// A format's report of a missing or outdated list (a SMART Health Card issuer's CRL)
    /// is a failure when lists are required, as a MedSeal issuer's list is.
    public func review(_ finding: VerificationReason) -> VerificationReason {
        guard requireFresh || maximumAge != nil, finding.status == .noRevocationList || finding.status == .staleList else { return finding }
        return VerificationReason(finding.status, finding.message, remedy: finding.remedy)
    }

    public func check(_ credential: AuthenticCredential, in context: VerificationContext) -> VerificationReason? {
        guard credential.format == .medseal else { return nil }
        let issuer = credential.claims.issuer
        let now = context.nowSeconds
        let list: RevocationIndex
        do {
            guard let found = try lists.list(issuer: issuer) else {
                let message = "no revocation list from '\(issuer)' on this computer: a revoked or superseded credential cannot be recognised"
                return requireFresh || maximumAge != nil ? VerificationReason(.noRevocationList, message, remedy: .importRevocationList)
                    : .warning(.noRevocationList, message, remedy: .importRevocationList)
            }
            list = found
        } catch {
            return VerificationReason(.damagedStore, error.message, remedy: error.remedy)
        }
        let age = now - list.issuedAt
        if let maximumAge, age > maximumAge {
            return VerificationReason(.staleList, "the revocation list from '\(issuer)' is \(HumanTime.span(age)) old, more than the \(HumanTime.span(maximumAge)) allowed (list #\(list.sequence) of \(HumanTime.describe(list.issuedAt)))",
                                      moment: list.issuedAt)
        }
        if now > list.nextUpdate + context.clockSkew {
            let message = "the revocation list from '\(issuer)' is out of date: its next update was due \(HumanTime.describe(list.nextUpdate)) (\(HumanTime.ago(now - list.nextUpdate))); it is \(HumanTime.span(age)) old"
            return requireFresh ? VerificationReason(.staleList, message, moment: list.issuedAt) : .warning(.staleList, message, moment: list.issuedAt)
        }
        return nil
    }
}

/// The policies of a verifier with a store of revocation lists.
extension Verifier {
    /// The standard checks preceded by the revocation check and followed by the list
    /// freshness rule and, when the verifier knows a latest time, the clock check.
    public static func policies(revocations: RevocationLists, maximumListAge: Int64? = nil, requireFreshLists: Bool = false,
                                clock: ClockPolicy? = nil) -> [any VerificationPolicy] {
        var policies: [any VerificationPolicy] = [RevocationPolicy(lists: revocations)] + standardPolicies
        policies.append(ListFreshnessPolicy(lists: revocations, maximumAge: maximumListAge, requireFresh: requireFreshLists))
        if let clock { policies.append(clock) }
        return policies
    }
}

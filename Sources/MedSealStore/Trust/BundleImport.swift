import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

extension VerifierStore {
    /// Imports a signed trust bundle under the rules of signed imports (see
    /// `SignedImport.swift`): signed by a trusted root whose window contains the import
    /// moment, dated inside that window, not in the future and not before the last bundle
    /// from that root, and with a higher sequence number. The bundle's keys, each cut to the
    /// root's window (no key outlives the root that vouches for it), replace that root's
    /// previous keys in one atomic write. A bundle that would make two trusted issuers' names
    /// look alike (``IssuerName``) is refused.
    public func importBundle(_ bytes: [UInt8], now: Date = Date()) throws -> ImportSummary {
        let message: COSESign1
        do { message = try SignedFile.envelope(bytes, kind: .trustBundle) } catch {
            throw ImportRejection(.malformed, "not a usable trust bundle: \(error.description)")
        }
        let kid = message.kid ?? []
        return try changing {
            var state = try trustState()
            let signers = try Self.verifiedSigners(of: message, among: state.roots.map(\.key).filter { $0.kid == kid }, what: "bundle",
                                                   untrusted: "the bundle is signed by root kid \(ByteText.hex(kid)), which this verifier does not trust", untrustedRemedy: .addRootKey)
            let bundle: TrustBundle
            do throws(FormatError) { bundle = try TrustBundle.read(try SignedFile.payload(of: message, kind: .trustBundle)) } catch {
                throw ImportRejection(.malformed, "not a usable trust bundle: \(error.description)")
            }
            let previous = state.bundles.first { $0.rootKid == kid }
            let root = try Self.trustedSigner(signers, signedAt: bundle.issuedAt, moment: try importMoment(now), previousSignedAt: previous?.issuedAt, what: "bundle")
            let digest = Sodium.sha256(bytes)
            let what = "bundle #\(bundle.sequence) from root '\(root.issuer)'"
            guard try Self.isNewer(bundle.sequence, digest, than: previous.map { ($0.sequence, $0.digest, true) }, what: what) else {
                return ImportSummary(changed: false, message: "\(what) is already imported")
            }
            let importedAt = Timestamps.epochSeconds(now)
            let before = Set(state.keys.filter { $0.source == .bundle(rootKid: kid) }.map(\.key))
            let after = Set(bundle.keys.compactMap { $0.limited(to: root.windowSeconds) })
            let shortened = bundle.keys.filter { !after.contains($0) }.count
            state.keys.removeAll { $0.source == .bundle(rootKid: kid) }
            state.keys += after.sorted { $0.kid.lexicographicallyPrecedes($1.kid) }.map { TrustedKey(key: $0, source: .bundle(rootKid: kid), updatedAt: importedAt) }
            try Self.refuseLookAlikes(state.keys.map(\.key) + (try fileKeys()).map(\.key), what: "the bundle")
            state.bundles.removeAll { $0.rootKid == kid }
            state.bundles.append(BundleRecord(rootKid: kid, sequence: bundle.sequence, issuedAt: bundle.issuedAt, importedAt: importedAt, digest: digest))
            try write(state)
            try recordTrustedTime(bundle.issuedAt)
            let added = after.subtracting(before).count, removed = before.subtracting(after).count
            var message = "imported \(what): \(after.count) issuer key(s), \(added) new, \(removed) no longer trusted"
            if shortened > 0 { message += "; \(EnglishCount.of(shortened, "key")) trusted only within the root's window (until \(HumanTime.describe(root.windowSeconds.upperBound)))" }
            return ImportSummary(changed: true, message: message)
        }
    }

    /// Refuses a set of trusted keys in which two issuers' names look alike.
    static func refuseLookAlikes(_ keys: [IssuerKey], what: String) throws {
        guard let (first, second) = IssuerName.lookAlike(among: keys.map(\.issuer)) else { return }
        throw ImportRejection(.lookAlikeIssuer, "\(what) would trust two issuers whose names look the same, '\(TerminalText.line(first))' and '\(TerminalText.line(second))': a card from one could pass for the other's. Nothing was changed")
    }
}

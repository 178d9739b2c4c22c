import Foundation

extension VerifierStore {
    /// Imports a signed trust bundle: only from a trusted root, signed inside the root's
    /// window, and newer than the last bundle from that root. The bundle's keys replace that
    /// root's previous keys in one atomic write.
    public func importBundle(_ bytes: [UInt8], now: Date = Date()) throws -> ImportSummary {
        let bundle: TrustBundle, message: COSESign1
        do { (bundle, message) = try TrustBundle.open(bytes) } catch {
            throw ImportRejection(.malformed, "not a usable trust bundle: \(error.description)")
        }
        let kid = message.kid ?? []
        return try changing {
            var state = try trustState()
            let root = try Self.signer(of: message, signedAt: bundle.issuedAt, among: state.roots.map(\.key).filter { $0.kid == kid }, what: "bundle",
                                       untrusted: "the bundle is signed by root kid \(ByteText.hex(kid)), which this verifier does not trust (add it with 'medseal-verify trust add-root ROOT.pub')")
            let digest = Sodium.sha256(bytes)
            let previous = state.bundles.first { $0.rootKid == kid }
            let what = "bundle #\(bundle.sequence) from root '\(root.issuer)'"
            guard try Self.isNewer(bundle.sequence, digest, than: previous.map { ($0.sequence, $0.digest, true) }, what: what) else {
                return ImportSummary(changed: false, message: "\(what) is already imported")
            }
            let importedAt = Timestamps.epochSeconds(now)
            let before = Set(state.keys.filter { $0.source == .bundle(rootKid: kid) }.map(\.key))
            let after = Set(bundle.keys)
            state.keys.removeAll { $0.source == .bundle(rootKid: kid) }
            state.keys += after.sorted { $0.kid.lexicographicallyPrecedes($1.kid) }.map { TrustedKey(key: $0, source: .bundle(rootKid: kid), updatedAt: importedAt) }
            state.bundles.removeAll { $0.rootKid == kid }
            state.bundles.append(BundleRecord(rootKid: kid, sequence: bundle.sequence, issuedAt: bundle.issuedAt, importedAt: importedAt, digest: digest))
            try write(state)
            try recordTrustedTime(bundle.issuedAt)
            let added = after.subtracting(before).count, removed = before.subtracting(after).count
            return ImportSummary(changed: true, message: "imported \(what): \(after.count) issuer key(s), \(added) new, \(removed) no longer trusted")
        }
    }
}

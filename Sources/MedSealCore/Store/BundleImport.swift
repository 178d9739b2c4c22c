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
            let roots = state.roots.filter { $0.key.kid == kid }
            guard !roots.isEmpty else {
                throw ImportRejection(.untrustedSigner, "the bundle is signed by root kid \(ByteText.hex(kid)), which this verifier does not trust (add it with 'medseal-verify trust add-root ROOT.pub')")
            }
            guard let root = roots.first(where: { message.isSigned(by: $0.key) }) else {
                throw ImportRejection(.badSignature, "the bundle's signature does not match root \(describe(roots[0].key)): it was changed or forged")
            }
            try Self.requireInsideWindow(bundle.issuedAt, of: root.key, what: "bundle")
            let digest = Sodium.sha256(bytes)
            if let previous = state.bundles.first(where: { $0.rootKid == kid }) {
                if previous.sequence == bundle.sequence && previous.digest == digest {
                    return ImportSummary(changed: false, message: "bundle #\(bundle.sequence) from root '\(root.key.issuer)' is already imported")
                }
                guard bundle.sequence > previous.sequence else {
                    throw ImportRejection(.notNewer, "bundle #\(bundle.sequence) is not newer than bundle #\(previous.sequence) already imported from root '\(root.key.issuer)'")
                }
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
            return ImportSummary(changed: true, message: "imported bundle #\(bundle.sequence) from root '\(root.key.issuer)': \(after.count) issuer key(s), \(added) new, \(removed) no longer trusted")
        }
    }

    /// Refuses a file signed at `time` outside `key`'s window (allowing five minutes of skew).
    static func requireInsideWindow(_ time: Int64, of key: IssuerKey, what: String) throws {
        let skew = VerificationContext.defaultClockSkew
        guard time + skew >= key.windowSeconds.lowerBound, time - skew <= key.windowSeconds.upperBound else {
            throw ImportRejection(.signerNotValid, "the \(what) was signed on \(HumanTime.describe(time)), outside the window of key \(key.kidHex) (\(HumanTime.describe(key.windowSeconds.lowerBound)) to \(HumanTime.describe(key.windowSeconds.upperBound)))")
        }
    }
}

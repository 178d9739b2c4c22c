import Foundation

extension VerifierStore {
    /// Imports an issuer's signed revocation list: only with a valid signature from a key
    /// trusted for that issuer, signed inside the key's window, and newer than the list
    /// already stored. It is stored in its lookup form in one atomic write.
    public func importRevocationList(_ bytes: [UInt8], now: Date = Date()) throws -> ImportSummary {
        let list: RevocationList, message: COSESign1
        do { (list, message) = try RevocationList.open(bytes) } catch {
            throw ImportRejection(.malformed, "not a usable revocation list: \(error.description)")
        }
        let kid = message.kid ?? []
        _ = try Self.signer(of: message, signedAt: list.issuedAt, among: try trust().candidates(kid: kid, issuer: list.issuer), what: "revocation list",
                            untrusted: "the list claims issuer '\(list.issuer)', but no key trusted for that issuer has kid \(ByteText.hex(kid))")
        let digest = Sodium.sha256(bytes)
        let path = revocationPath(issuer: list.issuer)
        return try changing {
            // A damaged stored list is repaired by importing the issuer's list again: its
            // sequence number still rules when its header can be read.
            var previous: RevocationIndex?
            var intact = true
            do {
                previous = try RevocationIndex(path: path)
                try previous?.checkAllBlocks()
            } catch let error as UserError where error.kind == .damaged {
                intact = false
            }
            let what = "revocation list #\(list.sequence) of '\(list.issuer)'"
            guard try Self.isNewer(list.sequence, digest, than: previous.map { ($0.sequence, $0.digest, intact) }, what: what) else {
                return ImportSummary(changed: false, message: "\(what) is already imported")
            }
            try FileStore.ensureFolder(revocationFolder)
            let stored = RevocationIndex.encode(list, importedAt: Timestamps.epochSeconds(now), signerKid: kid, digest: digest)
            try FileStore.writeAtomically(Data(stored), to: path)
            try recordTrustedTime(list.issuedAt)
            return ImportSummary(changed: true, message: "imported \(what): \(EnglishCount.of(list.count, "entry", "entries")), next update due \(HumanTime.describe(list.nextUpdate))")
        }
    }
}

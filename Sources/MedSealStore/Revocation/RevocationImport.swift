import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

extension VerifierStore {
    /// Imports an issuer's signed revocation list under the rules of signed imports (see
    /// `SignedImport.swift`): the signature is checked first, by the trusted keys with the
    /// file's kid; the signing key must be trusted for the issuer the list names and its
    /// window must contain the import moment (a retired key publishes nothing); the list must
    /// be dated inside that window, not in the future and not before the stored list, and
    /// have a higher sequence number. It is stored in its lookup form in one atomic write,
    /// all with the store locked.
    public func importRevocationList(_ bytes: [UInt8], now: Date = Date()) throws -> ImportSummary {
        let message: COSESign1
        do { message = try SignedFile.envelope(bytes, kind: .revocationList) } catch {
            throw ImportRejection(.malformed, "not a usable revocation list: \(error.description)")
        }
        let kid = message.kid ?? []
        return try changing {
            let keys = try trust().keys(kid: kid).map(\.key)
            let signers = try Self.verifiedSigners(of: message, among: keys, what: "revocation list",
                                                   untrusted: "the list is signed by kid \(ByteText.hex(kid)), which no trusted issuer key has")
            let list: RevocationList
            do throws(FormatError) { list = try RevocationList.read(try SignedFile.payload(of: message, kind: .revocationList)) } catch {
                throw ImportRejection(.malformed, "not a usable revocation list: \(error.description)")
            }
            let issuerSigners = signers.filter { $0.issuer == list.issuer }
            guard !issuerSigners.isEmpty else {
                throw ImportRejection(.untrustedSigner, "the list claims issuer '\(list.issuer)', but no key trusted for that issuer has kid \(ByteText.hex(kid))")
            }
            let path = revocationPath(issuer: list.issuer)
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
            _ = try Self.trustedSigner(issuerSigners, signedAt: list.issuedAt, moment: try importMoment(now), previousSignedAt: previous?.issuedAt, what: "revocation list")
            let digest = Sodium.sha256(bytes)
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

extension VerifierStore {
    /// Stores the revocation entries another system distributes (EU DCC lists, by signing key)
    /// as the list `name`, replacing what was stored under it: `hashes` are 8-byte index
    /// entries, all revoked. Written in its lookup form in one atomic write, with the store
    /// locked. `digest` names the imported files, so that importing them again changes nothing.
    public func storeForeignRevocations(name: String, hashes: [[UInt8]], digest: [UInt8], nextUpdate: Int64, now: Date = Date()) throws(UserError) -> Bool {
        try FolderLock.withLock(folder) { () throws(UserError) -> Bool in
            let path = revocationPath(issuer: name)
            if let previous = try? RevocationIndex(path: path), previous.digest == digest { return false }
            let sorted = Set(hashes).sorted { $0.lexicographicallyPrecedes($1) }
            guard sorted.count <= RevocationList.maximumEntries else { throw UserError(.input, "more than \(RevocationList.maximumEntries) entries for \(name)") }
            var entries = [UInt8]()
            entries.reserveCapacity(sorted.count * RevocationList.entryLength)
            for hash in sorted { entries += hash + [RevocationReason.revoked.rawValue] }
            let nowSeconds = Timestamps.epochSeconds(now)
            let list = RevocationList(issuer: name, sequence: 1, issuedAt: nowSeconds, nextUpdate: max(nextUpdate, nowSeconds + 1), entries: entries)
            try FileStore.ensureFolder(revocationFolder)
            try FileStore.writeAtomically(Data(RevocationIndex.encode(list, importedAt: nowSeconds, signerKid: [], digest: digest)), to: path)
            return true
        }
    }
}

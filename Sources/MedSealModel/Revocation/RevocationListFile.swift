import Foundation
import MedSealEncoding

/// The issuer's side of a revocation list file: read the current list (checking that the
/// issuer signed it), change it, and publish it again with the next sequence number.
public enum RevocationListFile {
    /// How long a published list is promised to stay current, by default: a week.
    public static let defaultValidity: Int64 = 7 * 86_400

    /// The list at `path`, which must be `key`'s issuer's and signed by `key` (or, after a key
    /// rotation, by `previousKey`); a new empty list when the file does not exist.
    public static func load(path: String, key: IssuerSigningKey, previousKey: IssuerKey? = nil) throws(UserError) -> RevocationList {
        let issuer = key.publicKey.issuer
        guard FileManager.default.fileExists(atPath: path) else {
            return RevocationList(issuer: issuer, sequence: 0, issuedAt: 0, nextUpdate: 1)
        }
        let bytes = [UInt8](try FileStore.read(path, limit: DecodingLimits.maximumRevocationFileBytes))
        let list: RevocationList, message: COSESign1
        do { (list, message) = try RevocationList.open(bytes) } catch {
            throw UserError(.input, "\(path) is not a usable revocation list: \(error.description)")
        }
        guard list.issuer == issuer else {
            throw UserError(.input, "\(path) is the revocation list of '\(list.issuer)', not of '\(issuer)'")
        }
        guard message.isSigned(by: key.publicKey) || previousKey.map(message.isSigned(by:)) == true else {
            throw UserError(.input, "\(path) is not signed by this key (kid \(key.publicKey.kidHex)); after a key rotation, name the key that signed it with --previous-key OLD.pub")
        }
        return list
    }

    /// Signs `list` as the next version (sequence + 1, issued now, next update after
    /// `validity` seconds) and writes it to `path` atomically.
    public static func publish(_ list: inout RevocationList, to path: String, key: IssuerSigningKey, now: Date = Date(),
                               validity: Int64 = defaultValidity) throws(UserError) {
        let seconds = Timestamps.epochSeconds(now)
        guard validity <= RevocationList.maximumValidity else {
            throw UserError(.usage, "a list may promise its next update at most \(RevocationList.maximumValidity / 86_400) days ahead (verifiers refuse longer ones)")
        }
        guard key.publicKey.windowSeconds.contains(seconds) else {
            throw UserError(.key, "this key may sign only from \(Timestamps.format(key.publicKey.notBefore)) to \(Timestamps.format(key.publicKey.notAfter))")
        }
        list.sequence += 1
        list.issuedAt = seconds
        list.nextUpdate = seconds + validity
        try FileStore.writeAtomically(Data(list.signed(by: key)), to: path)
    }
}

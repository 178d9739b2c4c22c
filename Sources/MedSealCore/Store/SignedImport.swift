/// The checks every signed import shares: who signed it, and whether it is newer.
extension VerifierStore {
    /// The key among `candidates` (keys trusted for this file, with its kid) whose signature
    /// verifies, and which was inside its window (five minutes of skew) when it signed.
    static func signer(of message: COSESign1, signedAt time: Int64, among candidates: [IssuerKey], what: String, untrusted: String) throws -> IssuerKey {
        guard !candidates.isEmpty else { throw ImportRejection(.untrustedSigner, untrusted) }
        guard let key = candidates.first(where: { message.isSigned(by: $0) }) else {
            throw ImportRejection(.badSignature, "the \(what)'s signature does not match the key of '\(candidates[0].issuer)' (kid \(candidates[0].kidHex)): it was changed or forged")
        }
        let skew = VerificationContext.defaultClockSkew
        guard time + skew >= key.windowSeconds.lowerBound, time - skew <= key.windowSeconds.upperBound else {
            throw ImportRejection(.signerNotValid, "the \(what) was signed on \(HumanTime.describe(time)), outside the window of key \(key.kidHex) (\(HumanTime.describe(key.windowSeconds.lowerBound)) to \(HumanTime.describe(key.windowSeconds.upperBound)))")
        }
        return key
    }

    /// Whether a file with `sequence` and `digest` should replace what is stored: `true`
    /// when newer (or the same file replacing a damaged copy), `false` when it is the file
    /// already stored; a rejection when it is older or a different file with the same number.
    static func isNewer(_ sequence: Int64, _ digest: [UInt8], than stored: (sequence: Int64, digest: [UInt8], intact: Bool)?, what: String) throws -> Bool {
        guard let stored else { return true }
        if sequence == stored.sequence && digest == stored.digest && stored.intact { return false }
        guard sequence > stored.sequence || (sequence == stored.sequence && !stored.intact) else {
            throw ImportRejection(.notNewer, "\(what) is not newer than #\(stored.sequence), already imported")
        }
        return true
    }
}

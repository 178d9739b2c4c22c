import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The rules every signed import (trust bundle, revocation list) follows, in this order:
///
/// 1. Only the COSE envelope is read; the payload stays bytes until a trusted key with the
///    file's kid has verified its signature (an unsigned file cannot make the verifier build
///    anything large).
/// 2. The signer must be trusted **now**: its window must contain the import moment, which is
///    the computer's clock or, when that is behind, the last time this verifier ran
///    (``ClockMemory/lastRun``: a clock set back cannot bring a closed window back). A
///    signer's own claim of when it signed proves nothing about whether it was still
///    trusted: a retired key, or a root whose window has closed, can write any date it likes.
///    (Signed times do not move the import moment: one key dating a file in the year 9999
///    would otherwise close every other key's window.)
/// 3. The signed time must lie inside the signer's window and must not be earlier than the
///    signed time of the file already imported from that signer (time only moves forward,
///    as the sequence number does). A file signed later than the import moment is accepted
///    (its revocations count) and tells the verifier that its clock is behind: verdicts then
///    carry the `clock-set-back` warning.
/// 4. The sequence number must be above the stored one (the same file again changes nothing).
extension VerifierStore {
    /// The moment imports are judged at (see the rules above), in seconds since 1970.
    func importMoment(_ now: Date) throws(UserError) -> Int64 {
        max(Timestamps.epochSeconds(now), try clockMemory()?.lastRun ?? 0)
    }

    /// The keys among `candidates` whose signature on `message` verifies; a rejection when
    /// there are no candidates or none verifies.
    static func verifiedSigners(of message: COSESign1, among candidates: [IssuerKey], what: String, untrusted: String,
                                untrustedRemedy: Remedy? = nil) throws -> [IssuerKey] {
        guard !candidates.isEmpty else { throw ImportRejection(.untrustedSigner, untrusted, remedy: untrustedRemedy) }
        let signers = candidates.filter { message.isSigned(by: $0) }
        guard !signers.isEmpty else {
            throw ImportRejection(.badSignature, "the \(what)'s signature does not match the key of '\(candidates[0].issuer)' (kid \(candidates[0].kidHex)): it was changed or forged")
        }
        return signers
    }

    /// The first of `signers` that may vouch for a file signed at `signedAt`, judged at
    /// `moment` (rules 2 and 3); the first problem when none may.
    static func trustedSigner(_ signers: [IssuerKey], signedAt: Int64, moment: Int64, previousSignedAt: Int64?, what: String) throws -> IssuerKey {
        let skew = VerificationContext.defaultClockSkew
        var problem: ImportRejection?
        for key in signers {
            let window = key.windowSeconds
            let role = key.role == .root ? "root" : "key"
            if moment - skew > window.upperBound {
                problem = problem ?? ImportRejection(.signerNotValid, "the \(what) is signed by \(role) \(key.kidHex) of '\(key.issuer)', whose window ended on \(HumanTime.describe(window.upperBound)): a \(role) outside its window adds nothing, whatever date the file gives itself")
            } else if moment + skew < window.lowerBound {
                problem = problem ?? ImportRejection(.signerNotValid, "the \(what) is signed by \(role) \(key.kidHex) of '\(key.issuer)', whose window begins only on \(HumanTime.describe(window.lowerBound))")
            } else if signedAt + skew < window.lowerBound || signedAt - skew > window.upperBound {
                problem = problem ?? ImportRejection(.signerNotValid, "the \(what) was signed on \(HumanTime.describe(signedAt)), outside the window of \(role) \(key.kidHex) (\(HumanTime.describe(window.lowerBound)) to \(HumanTime.describe(window.upperBound)))")
            } else if let previousSignedAt, signedAt < previousSignedAt {
                problem = problem ?? ImportRejection(.notNewer, "the \(what) was signed on \(HumanTime.describe(signedAt)), before the one already imported (signed \(HumanTime.describe(previousSignedAt)))")
            } else {
                return key
            }
        }
        throw problem!
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

import MedSealEncoding
import MedSealModel
import MedSealVerification

/// Opening a credential's sealed items at an emergency station (`--break-glass --reason`):
/// only for an authentic credential, only with an emergency-access key granted to this
/// station, and only once the opening is in the audit log with the operator and the reason.
public enum BreakGlass {
    public enum Outcome {
        /// The sealed items were opened (and the opening recorded).
        case opened(VerificationResult)
        /// Nothing was opened, for the reason given.
        case closed(String)
    }

    /// Opens the sealed items of `result`; `record` writes the audit entry first and throws
    /// when it cannot (then nothing is opened).
    public static func open(_ result: VerificationResult, keys: EmergencyAccessKeys, operatorName: String, reason: String, now: Int64,
                            record: (AuditRecord) throws(UserError) -> Void) throws(UserError) -> Outcome {
        guard let credential = result.credential, let key = credential.key else { return .closed("the credential is not authentic, so nothing is opened") }
        guard let sealed = credential.claims.sealed else { return .closed("nothing in this credential is sealed") }
        guard let secret = try keys.secret(kid: sealed.keyID) else {
            return .closed("this station holds no emergency-access key \(ByteText.hex(sealed.keyID)), so the sealed items stay closed (emergency services import a grant with medseal-verify emergency-access import)")
        }
        try record(AuditRecord(time: now, operatorName: operatorName, mode: "break-glass", result: result, profile: nil, breakGlassReason: reason))
        do throws(FormatError) {
            let parts = try sealed.open(with: secret)
            var problems = [String](), texts = CBORCursor.TextsRead()
            var claims = credential.claims
            claims.document = try credential.claims.document.merging(parts, floorProblems: &problems, texts: &texts)
            var opened = AuthenticCredential(key: key, claims: claims)
            opened.presentation = credential.presentation
            opened.brokenGlass = (operatorName, reason)
            var result = result
            result.credential = opened
            return .opened(result)
        } catch {
            return .closed("the sealed items do not open: \(error.description)")
        }
    }
}

import MedSealEncoding
import MedSealVerification
import MedSealStore

/// The words of each ``Remedy`` at MedSeal's command line. The library names what would
/// help; only here are commands and flags spelt out, so a library user never reads advice
/// about programs it does not run, and a renamed command changes in one place.
extension Remedy {
    /// The command or step to take, as a person at this command line types it.
    public var hint: String {
        switch self {
        case .listTrust: return "see 'medseal-verify trust list'"
        case .giveTrustFolder: return "give one with --trust DIR, or add a key with 'medseal-verify trust add FILE.pub'"
        case .addIssuerKey: return "add it with 'medseal-verify trust add FILE.pub'"
        case .addRootKey: return "add it with 'medseal-verify trust add-root ROOT.pub'"
        case .importTrustBundle: return "import your health authority's trust bundle with 'medseal-verify trust import BUNDLE'"
        case .checkAuditLog: return "run 'medseal-verify audit check'"
        case .importRevocationList: return "import one with 'medseal-verify revocation import FILE'"
        case .reimportRevocationList: return "import the issuer's revocation list again with 'medseal-verify revocation import FILE'"
        case .rebuildTrustIndex: return "'medseal-verify trust add-root', 'trust add', 'trust import'"
        case .importSHCIssuer: return "import it with 'medseal-verify trust import-shc ISS JWKS CRL'"
        case .importDCCSigners: return "import the signer's certificates with 'medseal-verify trust import-dcc DIR'"
        case .reimportInteropTrust: return "'medseal-verify trust import-shc' or 'trust import-dcc'"
        case .verifyEachInFile: return "verify the file with 'medseal-verify --file FILE' to check each"
        }
    }

    /// `message` followed by this remedy's words.
    public func appended(to message: String) -> String { message + " (" + hint + ")" }
}

extension UserError {
    /// The message with its remedy's words, as the command line shows it.
    public var messageWithHint: String { remedy?.appended(to: message) ?? message }
}

extension ImportRejection {
    /// The message with its remedy's words, as the command line shows it.
    public var messageWithHint: String { remedy?.appended(to: message) ?? message }
}

extension VerificationResult {
    /// The same verdict with each reason's and warning's remedy worded into its message,
    /// for every way a result is shown (text, JSON report, CSV, audit summary). Reasons
    /// without a remedy are untouched.
    public func withHints() -> VerificationResult {
        guard reasons.contains(where: { $0.remedy != nil }) || warnings.contains(where: { $0.remedy != nil }) else { return self }
        var result = self
        for index in result.reasons.indices { result.reasons[index].wordRemedy() }
        for index in result.warnings.indices { result.warnings[index].wordRemedy() }
        return result
    }
}

extension VerificationReason {
    /// Moves the remedy into the message, once.
    fileprivate mutating func wordRemedy() {
        guard let remedy else { return }
        message = remedy.appended(to: message)
        self.remedy = nil
    }
}

import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

// Exit statuses belong to the command line: the core says what kind of problem or verdict
// it has, and these say which documented status each one is.

extension UserError.Kind {
    /// The exit status that this kind of problem documents: 2 usage or input, 3 key or
    /// damaged store, 4 a file that cannot be read or written.
    public var exitStatus: Int32 {
        switch self {
        case .usage, .input: return 2
        case .key, .damaged: return 3
        case .io: return 4
        }
    }
}

extension VerificationResult {
    /// The documented exit status of `medseal-verify` for this result: 0 valid, 1 not
    /// valid, 2 not a token, 3 damaged store.
    public var exitStatus: Int32 {
        if isValid { return 0 }
        switch status {
        case .malformed: return 2
        case .damagedStore: return 3
        default: return 1
        }
    }
}

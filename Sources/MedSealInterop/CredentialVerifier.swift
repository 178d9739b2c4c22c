import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// One verifier for every format MedSeal reads, chosen from the text: `MS1:` (MedSeal),
/// `shc:/`, a `.smart-health-card` file or a compact JWS (SMART Health Card), and `HC1:`
/// (EU DCC). Each is verified by its own rules, then through the same policies, acceptance
/// rules and reports.
public struct CredentialVerifier: Sendable {
    public let medseal: Verifier
    public let interop: InteropTrust

    public init(medseal: Verifier, store: VerifierStore) {
        self.medseal = medseal
        self.interop = InteropTrust(store: store)
    }

    /// The same verifier with interop trust of its own, for one of several threads: each
    /// reads the trust files once and takes its own locks, so workers never wait for each
    /// other on every credential (a shared one made two jobs swing between 1.4 and 2.0 times
    /// one job).
    public func forAnotherThread() -> CredentialVerifier {
        CredentialVerifier(medseal: medseal, store: interop.store)
    }

    /// The format a text claims to be, from its first characters.
    public static func format(of text: String) -> CredentialFormat {
        let trimmed = TokenCodec.trimmingSpace(text)
        if DCCText.claims(trimmed) { return .euDCC }
        if VDSSeal.claims(Substring(trimmed)) { return .vdsNC }
        if SHCText.claims(trimmed) || SHCText.looksLikeFileOrJWS(trimmed) { return .smartHealthCard }
        return .medseal
    }

    /// The prefixes that start a credential's QR text, for reading back text a scanner typed
    /// through another keyboard layout (see ``KeyboardLayout``).
    public static let prefixes = [TokenCodec.prefix, "HC1:", "shc:/"]

    /// Verifies `text` in the format its first characters claim. Text that is unreadable as
    /// typed, but reads as a credential's QR text through another keyboard layout (a scanner
    /// typing for a US keyboard on a German or French computer), is verified as read back;
    /// the signature decides, so a wrong reading can only fail. When no reading gets as far
    /// as the signature, the message says what to set on the scanner.
    public func verify(_ text: String, context: VerificationContext = VerificationContext()) -> VerificationResult {
        var result = verifyAsTyped(text, context: context)
        guard result.status == .malformed else { return result }
        let readings = KeyboardLayout.readings(of: text, prefixes: Self.prefixes)
        guard !readings.isEmpty else { return result }
        // How far a verification got: unreadable, a signature that fails, an issuer not
        // found, or a checked signature.
        func progress(_ result: VerificationResult) -> Int {
            switch result.status {
            case .malformed: return 0
            case .badSignature: return 1
            case .unknownIssuer, .algorithmMismatch: return 2
            default: return 3
            }
        }
        // The furthest reading; among equals, the first (max(by:) keeps the first maximum).
        let best = readings.map { verifyAsTyped($0.text, context: context) }.max { progress($0) < progress($1) }!
        if progress(best) >= 2 { return best }
        let layouts = readings.flatMap(\.layouts).map(\.name).joined(separator: " or ")
        if !result.reasons.isEmpty {
            result.reasons[0].message += "; the text reads as a credential typed through another keyboard layout (\(layouts)): set the scanner's keyboard language to this computer's, or this computer's keyboard to US English"
        }
        return result
    }

    /// Verifies `text` as it is, in the format its first characters claim.
    func verifyAsTyped(_ text: String, context: VerificationContext) -> VerificationResult {
        switch Self.format(of: text) {
        case .euDCC: return DCCVerifier(base: medseal, trust: interop).verify(text, context: context)
        case .smartHealthCard: return SHCVerifier(base: medseal, trust: interop).verify(text, context: context)
        case .medseal: return medseal.verify(text, context: context)
        case .vdsNC: return medseal.verify(text, as: VDSRules(trust: interop), context: context)
        }
    }

    /// Verifies every credential in `text`: one for most texts, each card of a
    /// `.smart-health-card` file that holds several.
    public func verifyEach(_ text: String, context: VerificationContext = VerificationContext()) -> [VerificationResult] {
        guard Self.format(of: text) == .smartHealthCard, let credentials = try? SHCText.credentials(text) else {
            return [verify(text, context: context)]
        }
        let verifier = SHCVerifier(base: medseal, trust: interop)
        return credentials.map { verifier.verify(jws: $0, context: context) }
    }
}

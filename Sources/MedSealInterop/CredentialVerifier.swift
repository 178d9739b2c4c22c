import MedSealCore

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

    /// The format a text claims to be, from its first characters.
    public static func format(of text: String) -> CredentialFormat {
        let trimmed = TokenCodec.trimmingSpace(text)
        if DCCText.claims(trimmed) { return .euDCC }
        if SHCText.claims(trimmed) || SHCText.looksLikeFileOrJWS(trimmed) { return .smartHealthCard }
        return .medseal
    }

    public func verify(_ text: String, context: VerificationContext = VerificationContext()) -> VerificationResult {
        switch Self.format(of: text) {
        case .euDCC: return DCCVerifier(base: medseal, trust: interop).verify(text, context: context)
        case .smartHealthCard: return SHCVerifier(base: medseal, trust: interop).verify(text, context: context)
        case .medseal: return medseal.verify(text, context: context)
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

import MedSealVerification

/// A format exactly like `Format` except that every candidate key is taken to have signed:
/// the engine's whole pipeline without the signature, to time everything else in place.
struct SignatureAssumed<Format: CredentialFormatRules>: CredentialFormatRules {
    let format: Format

    func parse(_ text: String) throws(VerificationFailure) -> Format.Unverified { try format.parse(text) }
    func candidates(for credential: Format.Unverified) throws(VerificationFailure) -> [Format.Key] { try format.candidates(for: credential) }
    func agreesOnAlgorithm(_ credential: Format.Unverified, with key: Format.Key) -> Bool { format.agreesOnAlgorithm(credential, with: key) }
    func algorithmMismatch(_ credential: Format.Unverified, candidates: [Format.Key]) -> VerificationFailure { format.algorithmMismatch(credential, candidates: candidates) }
    func isSigned(_ credential: Format.Unverified, by key: Format.Key) throws(VerificationFailure) -> Bool { true }
    func badSignature(_ credential: Format.Unverified, candidates: [Format.Key]) -> VerificationFailure { format.badSignature(credential, candidates: candidates) }
    func authenticate(_ credential: inout Format.Unverified, signedBy key: Format.Key,
                      context: VerificationContext) throws(VerificationFailure) -> (credential: AuthenticCredential, findings: [VerificationReason]) {
        try format.authenticate(&credential, signedBy: key, context: context)
    }
    func restore(_ credential: inout Format.Unverified, from result: VerificationResult) { format.restore(&credential, from: result) }
}

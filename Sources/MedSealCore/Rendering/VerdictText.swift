/// A verification result in words for the person holding the device: a one-line verdict,
/// then the issuer, times and (only for authentic credentials) the document.
public enum VerdictText {
    /// The headline: `VALID — vaccination credential` or `NOT VALID — expired on …`.
    public static func headline(_ result: VerificationResult) -> String {
        if result.isValid {
            return "VALID — \(result.credential!.claims.document.type.rawValue) credential"
        }
        return "NOT VALID — " + result.reasons.map(\.message).joined(separator: "; ")
    }

    /// One line per warning: `Warning: …`.
    public static func warnings(_ result: VerificationResult) -> [String] {
        result.warnings.map { "Warning: " + $0.message }
    }

    /// The lines after the headline.
    public static func details(_ result: VerificationResult) -> [String] {
        guard let credential = result.credential else {
            var lines = [String]()
            if let issuer = result.claimedIssuer { lines.append("Claimed issuer: \(issuer) (not confirmed)") }
            if let kid = result.kid { lines.append("Key id:      \(ByteText.hex(kid))") }
            if !result.isMalformed { lines.append("The content is not shown: it cannot be trusted.") }
            return lines
        }
        let claims = credential.claims
        var lines = [
            "Issuer:      \(credential.key.issuer) (key \(credential.key.kidHex))",
            "Issued:      \(HumanTime.describe(claims.issuedAt))",
            "Expires:     \(HumanTime.describe(claims.expiresAt))",
            "Credential:  \(ByteText.hex(claims.credentialID))",
        ]
        if !result.isValid {
            lines.append("The signature is genuine, but the credential is not valid now; the content below is the issuer's, as signed.")
        }
        lines.append("")
        lines += DocumentText.lines(claims.document)
        return lines
    }
}

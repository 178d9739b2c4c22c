import Foundation

/// The machine-readable form of a verification: the JSON object `medseal-verify --json`
/// prints (`valid`, `status`, `reasons`, `warnings`, `kid`, `issuer`, `type`, `issuedAt`, `expiresAt`,
/// `document` and more).
public enum VerificationReport {
    /// The report as a JSON-compatible dictionary.
    public static func object(_ result: VerificationResult, at context: VerificationContext) -> [String: Any] {
        var object: [String: Any] = [
            "valid": result.isValid,
            "status": result.status.rawValue,
            "reasons": result.reasons.map { ["code": $0.status.rawValue, "message": $0.message] },
            "warnings": result.warnings.map { ["code": $0.status.rawValue, "message": $0.message] },
            "checkedAt": Timestamps.format(context.now),
            "kid": result.kid.map(ByteText.hex) ?? NSNull(),
            "issuer": result.claimedIssuer ?? NSNull(),
            "type": NSNull(), "issuedAt": NSNull(), "expiresAt": NSNull(), "notBefore": NSNull(),
            "credentialId": NSNull(), "document": NSNull(),
        ]
        if let credential = result.credential {
            let claims = credential.claims
            object["type"] = claims.document.type.rawValue
            object["issuedAt"] = Timestamps.format(Timestamps.date(epochSeconds: claims.issuedAt))
            object["expiresAt"] = Timestamps.format(Timestamps.date(epochSeconds: claims.expiresAt))
            object["notBefore"] = claims.notBefore.map { Timestamps.format(Timestamps.date(epochSeconds: $0)) } ?? NSNull()
            object["credentialId"] = ByteText.hex(claims.credentialID)
            object["document"] = (try? JSONSerialization.jsonObject(with: claims.document.json())) ?? NSNull()
        }
        return object
    }

    /// The report as one line of JSON with sorted keys.
    public static func json(_ result: VerificationResult, at context: VerificationContext) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object(result, at: context), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

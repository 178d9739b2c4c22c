import Foundation
import MedSealEncoding
import MedSealModel

/// The machine-readable form of a verification: the JSON object `medseal-verify --json`
/// prints (`valid`, `status`, `reasons`, `warnings`, `rules`, `kid`, `issuer`, `format`, `type`,
/// `issuedAt`, `expiresAt`, `profile`, `document` and more; for a presentation also `disclosed`,
/// `withheld` and `presentation`). The document follows the
/// profile: all of it (with the critical facts first under `critical` for the emergency
/// profile), or only name and date of birth for the checkpoint profile.
public enum VerificationReport {
    /// The report as a JSON-compatible dictionary.
    public static func object(_ result: VerificationResult, at context: VerificationContext, profile: DisclosureProfile? = nil) -> [String: Any] {
        func entries(_ reasons: [VerificationReason]) -> [[String: String]] { reasons.map { ["code": $0.status.rawValue, "message": $0.message] } }
        var object: [String: Any] = [
            "valid": result.isValid,
            "status": result.status.rawValue,
            "reasons": entries(result.reasons),
            "warnings": entries(result.warnings),
            "rules": result.ruleOutcomes.map { ["id": $0.ruleID, "name": $0.ruleName, "met": $0.isMet, "outcome": $0.description] as [String: Any] },
            "checkedAt": Timestamps.format(context.now),
            "kid": result.keyID ?? result.kid.map(ByteText.hex) ?? NSNull(),
            "issuer": result.claimedIssuer ?? NSNull(),
            "format": NSNull(), "type": NSNull(), "issuedAt": NSNull(), "expiresAt": NSNull(), "notBefore": NSNull(),
            "credentialId": NSNull(), "document": NSNull(), "profile": NSNull(),
        ]
        guard let credential = result.credential else { return object }
        let claims = credential.claims
        let chosen = profile ?? DisclosureProfile.standard(for: claims.document.kind)
        object["format"] = credential.format.rawValue
        object["type"] = claims.document.kind.rawValue
        object["profile"] = chosen.rawValue
        object["issuedAt"] = Timestamps.format(Timestamps.date(epochSeconds: claims.issuedAt))
        object["expiresAt"] = claims.expiresAt.map { Timestamps.format(Timestamps.date(epochSeconds: $0)) } ?? NSNull()
        object["notBefore"] = claims.notBefore.map { Timestamps.format(Timestamps.date(epochSeconds: $0)) } ?? NSNull()
        if let sealed = claims.sealed {
            object["sealed"] = ["key": ByteText.hex(sealed.keyID), "opened": credential.brokenGlass != nil,
                                "operator": credential.brokenGlass?.operatorName ?? NSNull(), "reason": credential.brokenGlass?.reason ?? NSNull()] as [String: Any]
        }
        if let facts = credential.presentation {
            // A presentation: what the holder showed and kept back, and the terms they signed.
            object["disclosed"] = facts.revealed
            object["withheld"] = facts.withheld
            object["presentation"] = [
                "holderKid": ByteText.hex(facts.holderKid), "issuedAt": Timestamps.format(epochSeconds: facts.binding.issuedAt),
                "expiresAt": Timestamps.format(epochSeconds: facts.binding.expiresAt),
                "audience": facts.binding.audience ?? NSNull(), "nonce": facts.binding.nonce ?? NSNull(),
            ] as [String: Any]
        }
        switch chosen {
        case .checkpoint:
            let holder = claims.document.holder
            object["document"] = ["patient": ["name": holder.name, "birthDate": holder.birthDate]]
            object["credentialId"] = NSNull()
        case .emergency, .full:
            // Other systems' ids (an SHC rid, a DCC UVCI) are text.
            let textID = credential.format == .medseal ? nil : UTF8Text.string(validating: claims.credentialID)
            object["credentialId"] = textID ?? ByteText.hex(claims.credentialID)
            object["document"] = (try? JSONTape([UInt8](claims.document.json())).root.foundationValue) ?? NSNull()
            if chosen == .emergency, case .emergency(let summary) = claims.document {
                object["critical"] = CriticalFact.of(summary, Phrases(.en)).map { ["kind": $0.kind, "text": $0.text] }
            }
        }
        return object
    }

    /// The report as one line of JSON with sorted keys, with no character a terminal would
    /// act on left raw (``JSONText/escapingInvisible(_:)``).
    public static func json(_ result: VerificationResult, at context: VerificationContext, profile: DisclosureProfile? = nil) -> String {
        let data = (try? JSONWriter.data(object(result, at: context, profile: profile))) ?? Data("{}".utf8)
        return JSONText.escapingInvisible(String(decoding: data, as: UTF8.self))
    }
}

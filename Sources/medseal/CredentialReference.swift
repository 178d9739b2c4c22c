import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// Reads "which credential" as users give it: the credential id that `medseal issue`
/// printed (hex), the token itself (`MS1:…`), or a `.token` file.
enum CredentialReference {
    /// The credential id (`cti`) of the credential `text` names, which `issuer` must have issued.
    static func credentialID(_ text: String, issuer: String) throws(UserError) -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = ByteText.bytes(hex: trimmed), (1...64).contains(id.count) { return id }
        let token: String
        if trimmed.uppercased().hasPrefix(TokenCodec.prefix) {
            token = trimmed
        } else if FileManager.default.fileExists(atPath: trimmed) {
            token = try TokenFile.read(trimmed)
        } else {
            throw UserError(.usage, "'\(trimmed)' is not a credential id (hex, as 'medseal issue' prints it), a token, or a token file")
        }
        let claims: CredentialClaims
        do {
            claims = try CredentialClaims.unverified(token: token)
        } catch {
            throw UserError(.input, "the credential to revoke is not a readable token: \(error.description)")
        }
        guard claims.issuer == issuer else {
            throw UserError(.input, "that credential was issued by '\(claims.issuer)', not by '\(issuer)'")
        }
        return claims.credentialID
    }
}

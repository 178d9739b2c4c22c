import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// Where a verification's time goes: each stage of the pipeline timed on its own, in
/// microseconds per token, so a slow stage shows before it hides in the total.
enum StageBenchmark {
    static func run(token: String, key: IssuerKey, verifier: Verifier, context: VerificationContext, seconds: Double) {
        let trimmed = TokenCodec.trimmingSpace(token)
        let base45 = trimmed.dropFirst(TokenCodec.prefix.count)
        let message = try! TokenCodec.decode(token)
        let cose = try! COSESign1(decoding: message)
        let claims = try! CredentialClaims.read(cose.payload).claims.get()
        let credential = AuthenticCredential(key: key, claims: claims)

        let stages: [(String, () -> Void)] = [
            ("Base45", { _ = try! Base45.decode(base45) }),
            ("prefix → Base45 → inflate", { _ = try! TokenCodec.decode(token) }),
            ("COSE_Sign1", { _ = try! COSESign1(decoding: message) }),
            ("claims and document", { _ = try! CredentialClaims.read(cose.payload) }),
            ("Ed25519 signature", { _ = Sodium.ed25519Verify(cose.signature, message: cose.bytesToSign, publicKey: key.publicKey) }),
            ("policies and verdict", { _ = verifier.conclude(credential, kid: key.kid, context: context) }),
        ]
        let allButSignature = {
            let message = try! COSESign1(decoding: TokenCodec.decode(token))
            let claims = try! CredentialClaims.read(message.payload).claims.get()
            _ = message.bytesToSign
            _ = verifier.conclude(AuthenticCredential(key: key, claims: claims), kid: key.kid, context: context)
        }
        for (name, body) in stages + [("all but the signature", allButSignature)] {
            let perSecond = rate(seconds: seconds, body)
            print("    \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%8.2f µs", 1e6 / perSecond))")
        }
        // The same work as it runs in a verification: each time right after a signature, which
        // has pushed it out of the caches and branch predictors. Timed as (it + a signature)
        // minus a signature, in turns.
        let signature = { _ = Sodium.ed25519Verify(cose.signature, message: cose.bytesToSign, publicKey: key.publicKey) }
        let (together, alone) = sideBySide({ allButSignature(); signature() }, signature)
        print("    \("  … each after a signature".padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%8.2f µs", 1e6 / together - 1e6 / alone))")
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// Presentations: their code sizes on the corpus (an emergency presentation of the safety
/// floor and two sections; a vaccination presentation of one vaccine's doses, MMR where the
/// record has it), next to the plain credential of the same record; and the cost of
/// verifying one against its two Ed25519 signatures alone, in turns.
enum PresentationBenchmark {
    /// With `count`, the largest presentation is verified that many times, untimed (for an
    /// instruction counter), instead of the figures.
    static func run(seconds: Double, count: Int? = nil, sideBySide: (Double, () -> Void, () -> Void) -> (first: Double, second: Double)) {
        let now = Date()
        let issuer = IssuerSigningKey.generate(issuer: "Hospital Universitario de Prueba", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 800))
        let holder = IssuerSigningKey.generate(issuer: "holder", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 800), types: [], role: .holder)
        let verifier = Verifier(trust: TrustStore(keys: [issuer.publicKey]))
        let context = VerificationContext(now: now)
        print("\nPresentations on Vectors/corpus (characters / QR version at Q): the plain credential (form 2), then the presentation")
        var slowest: (token: String, envelope: HolderEnvelope)?, school: (token: String, envelope: HolderEnvelope)?
        let inputs = SizeBenchmark.corpus + "/../inputs"
        for (type, show, goal) in [(CredentialType.emergency, ["medications", "conditions"], 20), (.vaccination, ["MMR"], 14)] {
            let folder = SizeBenchmark.corpus + "/" + type.rawValue
            var files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
            if type == .vaccination { files.append(inputs + "/vaccination-child.json") }
            var versions = [Int]()
            for file in files {
                guard let data = FileManager.default.contents(atPath: file), let document = try? CredentialDocument.fromJSON(data, type: type),
                      let bound = try? CredentialIssuer(key: issuer).issue(document, holderKey: holder.publicKey.publicKey, now: now, lifetime: 86_400 * 365),
                      let credential = try? HolderCredential(token: bound.token) else {
                    print("  \(file): could not be issued")
                    continue
                }
                // MMR where the record has it, else its first vaccine.
                let labels = (try? credential.labels(showing: show)) ?? Set(credential.labels.prefix(1))
                guard let token = try? credential.present(revealing: labels, now: now, lifetime: 48 * 3_600, holderKey: holder),
                      verifier.verify(token, context: context).isValid,
                      let plain = try? QRCode(alphanumeric: bound.cardToken), let shown = try? QRCode(alphanumeric: token) else {
                    print("  \(file): the presentation does not verify")
                    continue
                }
                versions.append(shown.version)
                let name = "\(type.rawValue)/" + URL(fileURLWithPath: file).lastPathComponent
                let what = labels.sorted().map(credential.name(of:)).joined(separator: ", ")
                print("  \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(bound.cardToken.count).leftPadded(5)) / V\(plain.version)   \(String(token.count).leftPadded(5)) / V\(shown.version)   (\(what))")
                if case .presentation(let envelope) = try? TokenCodec.decodeContent(token) {
                    if slowest == nil || token.count > slowest!.token.count { slowest = (token, envelope) }
                    if file.hasSuffix("vaccination-child.json") { school = (token, envelope) }
                }
            }
            let sorted = versions.sorted()
            if !sorted.isEmpty {
                print("  \(type.rawValue) presentations ≤ V\(goal): \(sorted.filter { $0 <= goal }.count) of \(sorted.count), V\(sorted.first!)–V\(sorted.last!), median V\(sorted[sorted.count / 2])")
            }
        }
        // The largest presentation, and a school's (MMR of the child's record), against their two signatures alone.
        guard let largest = slowest else { return }
        if let count {
            for _ in 0..<count { precondition(verifier.verify(largest.token, context: context).isValid) }
            print("  verified the largest presentation \(count) times")
            return
        }
        for (what, presentation) in [("the largest presentation", largest), ("a school's presentation (MMR)", school ?? largest)] {
            let (token, envelope) = presentation
            guard let binding = envelope.keyBindingBytes, let holderSignature = envelope.holderSignature else { continue }
            let issuerSigned = envelope.issuerMessage.bytesToSign, holderSigned = envelope.bytesToSign(for: binding)
            let issuerKey = issuer.publicKey.publicKey, holderKey = holder.publicKey.publicKey
            let (pipeline, raw) = sideBySide(seconds / 2, { precondition(verifier.verify(token, context: context).isValid) }, {
                precondition(Sodium.ed25519Verify(envelope.signature, message: issuerSigned, publicKey: issuerKey))
                precondition(Sodium.ed25519Verify(holderSignature, message: holderSigned, publicKey: holderKey))
            })
            print("\n  verify \(what), \(token.count) characters   \(String(format: "%10.0f /s", pipeline))")
            print("  its two Ed25519 signatures alone          \(String(format: "%10.0f /s", raw))   (in turns with the line above)")
            print(String(format: "  presentation / two signatures             %10.3f   (goal ≥ %.3f: at most 10 %% more than the signatures)", pipeline / raw, 1.0 / 1.1))
        }
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealInterop

/// Other people's credentials as they come, not one chosen sample: every EU DCC conformance
/// vector in `Vectors/interop/dcc` that expects its signature to verify and that MedSeal finds
/// valid at the vector's own clock, and every SMART Health Card example it finds valid, each
/// verified through the whole pipeline in turns with a raw verify of its signed bytes (the same
/// algorithm: P-256 or RSA-PSS). Prints each ratio and, per format and algorithm, the least,
/// the median and the most.
enum InteropCorpusBenchmark {
    struct Case {
        let name: String
        let algorithm: String
        let token: String
        let at: Date
        let verifier: CredentialVerifier
        let raw: () -> Bool
    }

    static func run(secondsEach: Double) {
        print("\nCorpus: other systems' credentials as published, \(String(format: "%.2f", secondsEach)) s a figure")
        var ratios = [String: [Double]]()
        for sample in dccCases() + shcCases() {
            let context = VerificationContext(now: sample.at)
            guard sample.verifier.verify(sample.token, context: context).isValid, sample.raw() else { continue }
            let (pipeline, raw) = sideBySide(seconds: secondsEach, { precondition(sample.verifier.verify(sample.token, context: context).isValid) },
                                             { precondition(sample.raw()) })
            ratios[sample.algorithm, default: []].append(pipeline / raw)
            print("  \(sample.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(sample.algorithm)  \(String(format: "%6.3f", pipeline / raw))")
        }
        for (group, values) in ratios.sorted(by: { $0.key < $1.key }) {
            let sorted = values.sorted()
            print(String(format: "  %@: %d credentials, pipeline / raw least %.3f, median %.3f, most %.3f (goal ≥ 0.8)",
                         group, sorted.count, sorted[0], sorted[sorted.count / 2], sorted[sorted.count - 1]))
        }
    }

    /// The DCC vectors that expect to verify, each with a store trusting its own certificate.
    static func dccCases() -> [Case] {
        let root = InteropBenchmark.vectors + "/dcc"
        guard let paths = FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }).filter({ $0.hasSuffix(".json") }).sorted() else { return [] }
        var cases = [Case]()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: root + "/" + path), let object = JSONTape.object(data),
                  let token = object["PREFIX"] as? String, let context = object["TESTCTX"] as? [String: Any],
                  (object["EXPECTEDRESULTS"] as? [String: Any])?["EXPECTEDVERIFY"] as? Bool == true,
                  let der = (context["CERTIFICATE"] as? String).flatMap({ Data(base64Encoded: $0) }),
                  let clock = (context["VALIDATIONCLOCK"] as? String).flatMap(Timestamps.parse),
                  let certificate = try? X509Certificate(der: Array(der)),
                  let message = try? DCCMessage(decoding: DCCText.message(token)) else { continue }
            guard let store = InteropBenchmark.dccStore(trusting: der), let trust = try? store.trust() else { continue }
            let key = certificate.publicKey, signed = message.bytesToSign, signature = message.signature
            let isP256 = key.kind == .p256
            cases.append(Case(name: "EU DCC " + path.replacingOccurrences(of: "/2DCode/raw", with: ""), algorithm: isP256 ? "ES256" : "PS256", token: token, at: clock,
                              verifier: CredentialVerifier(medseal: Verifier(trust: trust), store: store),
                              raw: { isP256 ? key.verifyES256(signature: signature, message: signed) : key.verifyPS256(signature: signature, message: signed) }))
        }
        return cases
    }

    /// The SMART Health Card examples (one QR code or several), trusted with their issuer's keys and CRL.
    static func shcCases() -> [Case] {
        let shc = InteropBenchmark.vectors + "/shc"
        guard let store = InteropBenchmark.shcExampleStore(), let trust = try? store.trust() else { return [] }
        let interop = InteropTrust(store: store)
        var cases = [Case]()
        for example in 0..<10 {
            let name = String(format: "%02d", example)
            let chunks = (0..<20).compactMap { try? String(contentsOfFile: shc + "/example-\(name)-f-qr-code-numeric-value-\($0).txt", encoding: .utf8) }
            guard !chunks.isEmpty else { continue }
            let token = chunks.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n")
            guard let jws = try? SHCJWS(SHCText.credentials(token)[0]), let key = try? interop.shcSigningKeys(kid: jws.kid).first?.publicKey.get() else { continue }
            let signed = jws.signingInput, signature = jws.signature
            cases.append(Case(name: "SMART Health Card example \(name)" + (chunks.count > 1 ? " (\(chunks.count) QR codes)" : ""), algorithm: "ES256 (SHC)", token: token,
                              at: Timestamps.parse("2023-07-01T00:00:00Z")!,
                              verifier: CredentialVerifier(medseal: Verifier(trust: trust), store: store),
                              raw: { key.verifyES256(signature: signature, message: signed) }))
        }
        return cases
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
import MedSealInterop

/// Other systems' credentials: an EU DCC (ES256) and SMART Health Card example 00, each
/// verified through the whole pipeline in turns with a raw P-256 verification of the same
/// signed bytes (libcrypto's EVP verify: SHA-256 and ECDSA, nothing else), and through
/// `medseal-verify batch` with one job and with every core.
enum InteropBenchmark {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/Vectors/interop"

    struct Sample {
        let name: String
        let token: String
        let at: Date
        let store: VerifierStore
        /// The raw signature check of the same bytes.
        let raw: @Sendable () -> Bool
        /// The format's stages, each timed on its own.
        var stages: [(String, () -> Void)] = []
    }

    /// A new verifier store in a temporary folder that trusts this DCC signing certificate
    /// (DER), imported as `trust import-dcc` imports one; `nil` when the import refuses it.
    static func dccStore(trusting certificate: Data) -> VerifierStore? {
        let folder = NSTemporaryDirectory() + "medseal-bench-dcc-" + ByteText.hex(Sodium.randomBytes(4))
        try? FileManager.default.createDirectory(atPath: folder + "/certificates", withIntermediateDirectories: true)
        try? certificate.write(to: URL(fileURLWithPath: folder + "/certificates/signer.der"))
        let store = VerifierStore(folder: folder + "/store")
        return (try? DCCImport.run(store: store, folder: folder + "/certificates", adding: false)) != nil ? store : nil
    }

    /// A new verifier store in a temporary folder that trusts the SMART Health Card example
    /// issuer, with its keys and CRL; `nil` when the files are missing or refused.
    static func shcExampleStore() -> VerifierStore? {
        let shc = vectors + "/shc"
        guard let jwks = FileManager.default.contents(atPath: shc + "/issuer.jwks.public.json"),
              let crl = FileManager.default.contents(atPath: shc + "/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json") else { return nil }
        let store = VerifierStore(folder: NSTemporaryDirectory() + "medseal-bench-shc-" + ByteText.hex(Sodium.randomBytes(4)))
        return (try? SHCImport.run(store: store, issuer: "https://spec.smarthealth.cards/examples/issuer", jwks: jwks, crls: [("crl", crl)])) != nil ? store : nil
    }

    static func samples() -> [Sample] {
        var samples = [Sample]()
        // An EU DCC signed with ES256, with its signing certificate, at the case's clock.
        let dccCase = vectors + "/dcc/DE/2DCode/raw/1.json"
        if let data = FileManager.default.contents(atPath: dccCase), let object = JSONTape.object(data),
           let token = object["PREFIX"] as? String, let context = object["TESTCTX"] as? [String: Any],
           let certificate = (context["CERTIFICATE"] as? String).flatMap({ Data(base64Encoded: $0) }) {
            let store = dccStore(trusting: certificate)!
            let message = try! DCCMessage(decoding: DCCText.message(token))
            let key = try! X509Certificate(der: Array(certificate)).publicKey
            let signed = message.bytesToSign, signature = message.signature
            let engine = Verifier(trust: TrustStore(keys: []), policies: Verifier.policies(revocations: RevocationLists(store: store)))
            let assumed = SignatureAssumed(format: DCCRules(trust: InteropTrust(store: store)))
            let at = VerificationContext(now: Timestamps.parse("2021-06-01T20:00:00+02:00")!)
            samples.append(Sample(name: "EU DCC (ES256)", token: token, at: at.now, store: store,
                                  raw: { key.verifyES256(signature: signature, message: signed) },
                                  stages: [
                                    ("HC1: → Base45 → zlib → COSE", { _ = try! DCCMessage(decoding: DCCText.message(token)) }),
                                    ("CWT → hcert → record", { _ = try! DCCPayload(decoding: message.payload) }),
                                    ("ES256 signature", { precondition(key.verifyES256(signature: signature, message: signed)) }),
                                    ("all but the signature", { precondition(engine.verify(token, as: assumed, context: at).isValid) }),
                                  ]))
        }
        // SMART Health Card example 00, trusted with its issuer's keys and CRL.
        let shc = vectors + "/shc"
        if let store = shcExampleStore(), let text = try? String(contentsOfFile: shc + "/example-00-f-qr-code-numeric-value-0.txt", encoding: .utf8) {
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let jws = try! SHCJWS(try! SHCText.credentials(token)[0])
            let key = try! InteropTrust(store: store).shcSigningKeys(kid: jws.kid)[0].publicKey.get()
            let signed = jws.signingInput, signature = jws.signature
            let jwsText = try! SHCText.credentials(token)[0]
            let json = try! Deflate.decompress(jws.compressedPayload[...], limit: SHCPayload.maximumInflatedBytes, allowingTrailingBytes: false, requiringZeroPadding: false).output
            let payload = try! SHCPayload(compressed: jws.compressedPayload)
            let engine = Verifier(trust: TrustStore(keys: []), policies: Verifier.policies(revocations: RevocationLists(store: store)))
            let assumed = SignatureAssumed(format: SHCRules(trust: InteropTrust(store: store)))
            let at = VerificationContext(now: Timestamps.parse("2023-07-01T00:00:00Z")!)
            samples.append(Sample(name: "SMART Health Card 00", token: token, at: Timestamps.parse("2023-07-01T00:00:00Z")!, store: store,
                                  raw: { key.verifyES256(signature: signature, message: signed) },
                                  stages: [
                                    ("shc:/ digits → JWS text", { _ = try! SHCText.credentials(token) }),
                                    ("JWS: parts, header", { _ = try! SHCJWS(jwsText) }),
                                    ("inflate", { _ = try! Deflate.decompress(jws.compressedPayload[...], limit: SHCPayload.maximumInflatedBytes, allowingTrailingBytes: false, requiringZeroPadding: false) }),
                                    ("payload JSON checked", { _ = try! JSONTape(json) }),
                                    ("inflate → iss, nbf, exp, rid", { _ = try! SHCPayload(compressed: jws.compressedPayload) }),
                                    ("FHIR bundle → record", { _ = try! payload.record() }),
                                    ("ES256 signature", { precondition(key.verifyES256(signature: signature, message: signed)) }),
                                    ("all but the signature", {
                                        precondition(engine.verify(try! SHCText.credentials(token)[0], as: assumed, context: at).isValid)
                                    }),
                                  ]))
        }
        return samples
    }

    static func run(seconds: Double, batchTokens: Int) {
        for sample in samples() {
            let base = Verifier(trust: try! sample.store.trust(), policies: Verifier.policies(revocations: RevocationLists(store: sample.store)))
            let verifier = CredentialVerifier(medseal: base, store: sample.store)
            let context = VerificationContext(now: sample.at)
            guard verifier.verify(sample.token, context: context).isValid else {
                print("\n\(sample.name): the sample does not verify: \(verifier.verify(sample.token, context: context).reasons)")
                continue
            }
            let (pipeline, raw) = sideBySide({ precondition(verifier.verify(sample.token, context: context).isValid) }, { precondition(sample.raw()) })
            print("\n\(sample.name): \(sample.token.count) characters")
            print("  verify, whole pipeline       \(format(pipeline))")
            print("  raw P-256 verify (EVP)       \(format(raw))   (the same signed bytes, in turns with the line above)")
            print(String(format: "  pipeline / raw               %10.3f   (goal ≥ 0.8)", pipeline / raw))
            print(String(format: "  all but the signature        %8.2f µs   (pipeline − raw, per credential)", 1e6 / pipeline - 1e6 / raw))
            if !sample.stages.isEmpty { print("  stages, each on its own:") }
            for (name, body) in sample.stages {
                print("    \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(String(format: "%8.2f µs", 1e6 / rate(seconds: seconds / 4, body)))")
            }
            batch(sample, count: batchTokens)
        }
    }

    /// `medseal-verify batch` over `count` copies of the sample, with one job and every core,
    /// in turns three times (1, N, 1, N, 1, N), so that a busier moment of a shared machine
    /// touches both; each is given as its fastest run, the ratio as the median turn's, and the
    /// ratio of every turn is shown.
    /// Beside each turn, what the machine itself gives: the raw signature check on every core
    /// against one, timed right after (no batch can scale better than its signatures do).
    static func batch(_ sample: Sample, count: Int) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/medseal-verify"
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        let file = sample.store.folder + "-tokens.txt"
        try! String(repeating: sample.token + "\n", count: count).write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func seconds(jobs: Int) -> Double {
            let arguments = [binary, "batch", file, "--trust", sample.store.folder, "--at", Timestamps.format(sample.at), "--no-audit", "--out", file + ".csv", "--jobs", String(jobs)]
            return StoreBenchmark.timed { precondition(StoreBenchmark.spawn(arguments) == 0, "batch did not find every copy valid") }
        }
        let turns = (0..<3).map { _ in (one: seconds(jobs: 1), all: seconds(jobs: cores), raw: rawScaling(sample.raw, threads: cores)) }
        unlink(file + ".csv")
        let one = turns.map(\.one).min()!, all = turns.map(\.all).min()!
        print("  batch, \(count) copies, 1 job" + String(format: "   %7.2f s  %8.0f /s   (fastest of 3)", one, Double(count) / one))
        print("  batch, \(count) copies, \(EnglishCount.of(cores, "job"))" + String(format: "  %7.2f s  %8.0f /s   (fastest of 3)", all, Double(count) / all))
        let each = turns.map { String(format: "%.2f", $0.one / $0.all) }.joined(separator: ", ")
        let median = StoreBenchmark.median(turns.map { $0.one / $0.all })
        print(String(format: "  batch, %d jobs / 1 job          %7.2f    (goal ≥ 1.8; median turn; each turn: %@)", cores, median, each))
        let machine = turns.map { String(format: "%.2f", $0.raw) }.joined(separator: ", ")
        print("  raw signature, \(cores) threads / 1      (the machine itself, after each turn: \(machine))")
    }

    /// Signature checks per second on `threads` threads at once, over those on one thread,
    /// each for a second.
    static func rawScaling(_ raw: @escaping @Sendable () -> Bool, threads: Int) -> Double {
        func rate(_ threads: Int) -> Double {
            let counts = CountsPerThread(threads)
            let end = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                var done = 0
                while DispatchTime.now().uptimeNanoseconds < end {
                    for _ in 0..<16 { precondition(raw()) }
                    done += 16
                }
                counts.set(thread, done)
            }
            return Double(counts.total)
        }
        return rate(threads) / rate(1)
    }

    /// Each thread's count, written once by that thread.
    final class CountsPerThread: @unchecked Sendable {
        private var counts: [Int]
        private let lock = NSLock()
        init(_ threads: Int) { counts = Array(repeating: 0, count: threads) }
        func set(_ thread: Int, _ count: Int) { lock.lock(); counts[thread] = count; lock.unlock() }
        var total: Int { lock.lock(); defer { lock.unlock() }; return counts.reduce(0, +) }
    }
}

import Foundation
import MedSealCore

// Throughput of MedSeal's hot paths, measured side by side in one run (release build):
//   swift run -c release medseal-bench [--seconds N]
// Each figure is the best of three timed rounds of at least N/3 seconds (default 3 s in all).

let arguments = Array(CommandLine.arguments.dropFirst())
let seconds: Double
if arguments.isEmpty {
    seconds = 3
} else if arguments.count == 2, arguments[0] == "--seconds", let value = Double(arguments[1]), value > 0 {
    seconds = value
} else {
    FileHandle.standardError.write(Data("usage: medseal-bench [--seconds N]\n".utf8))
    exit(2)
}

/// Operations per second of `body`, the best of three rounds.
func rate(_ body: () -> Void) -> Double { rate(seconds: seconds, body) }

/// Operations per second of `body`, the best of three rounds of `seconds / 3`.
func rate(seconds: Double, _ body: () -> Void) -> Double {
    var best = 0.0
    for _ in 0..<3 {
        var count = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            for _ in 0..<64 { body() }
            count += 64
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds / 3
        best = max(best, Double(count) / elapsed)
    }
    return best
}

func format(_ value: Double) -> String { String(format: "%10.0f /s", value) }

let now = Date()
let key = IssuerSigningKey.generate(issuer: "MedSeal Demo Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400))
let issuer = CredentialIssuer(key: key)
let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))
let context = VerificationContext(now: now)
let sampleFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/Templates/inputs"

print("MedSeal \(MedSeal.version) benchmark; \(ProcessInfo.processInfo.activeProcessorCount) cores; \(seconds) s a figure")
for type in CredentialType.allCases {
    guard let data = FileManager.default.contents(atPath: "\(sampleFolder)/\(type.rawValue).json"),
          let document = try? CredentialDocument.fromJSON(data, type: type),
          let issued = try? issuer.issue(document, now: now, lifetime: 86_400 * 365) else {
        FileHandle.standardError.write(Data("medseal-bench: cannot read the sample \(type.rawValue) input in \(sampleFolder)\n".utf8))
        exit(4)
    }
    guard verifier.verify(issued.token, context: context).isValid else { fatalError("sample token does not verify") }
    let message = try! COSESign1(decoding: TokenCodec.decode(issued.token))
    let signed = message.bytesToSign
    let publicKey = key.publicKey.publicKey

    print("\n\(type.rawValue) credential: \(issued.token.count) characters, signed message \(signed.count) bytes")
    let pipeline = rate { precondition(verifier.verify(issued.token, context: context).isValid) }
    let raw = rate { precondition(Sodium.ed25519Verify(message.signature, message: signed, publicKey: publicKey)) }
    print("  verify, whole pipeline       \(format(pipeline))   (prefix → Base45 → inflate → CBOR → signature → checks)")
    print("  crypto_sign_verify_detached  \(format(raw))   (same message size)")
    print(String(format: "  pipeline / raw               %10.3f   (goal ≥ 0.9)", pipeline / raw))
    let issueOnly = rate { _ = try! issuer.issue(document, now: now, lifetime: 86_400 * 365) }
    let issueWithPNG = rate {
        let token = try! issuer.issue(document, now: now, lifetime: 86_400 * 365).token
        _ = PNGEncoder.encode(try! QRCode(alphanumeric: token, errorCorrection: .quartile))
    }
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let issueWithPNGAllCores = parallelRate(workers: cores) {
        let token = try! issuer.issue(document, now: now, lifetime: 86_400 * 365).token
        _ = PNGEncoder.encode(try! QRCode(alphanumeric: token, errorCorrection: .quartile))
    }
    print("  issue, token only            \(format(issueOnly))")
    print("  issue, token + QR PNG        \(format(issueWithPNG))")
    print("  issue, token + QR PNG, \(cores) cores \(format(issueWithPNGAllCores))   (\(String(format: "%.2f", issueWithPNGAllCores / issueWithPNG))× one core; goal ≥ 1000 /s)")
}

/// Operations per second of `body` run by `workers` threads at once, the best of three rounds.
func parallelRate(workers: Int, _ body: @escaping @Sendable () -> Void) -> Double {
    var best = 0.0
    for _ in 0..<3 {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
        defer { counts.deallocate() }
        let start = DispatchTime.now().uptimeNanoseconds
        let limit = start + UInt64(seconds / 3 * 1e9)
        nonisolated(unsafe) let slots = counts
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var count = 0
            repeat {
                for _ in 0..<16 { body() }
                count += 16
            } while DispatchTime.now().uptimeNanoseconds < limit
            slots[worker] = count
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = max(best, Double(counts.reduce(0, +)) / elapsed)
    }
    return best
}

let emergency = try! CredentialDocument.fromJSON(FileManager.default.contents(atPath: "\(sampleFolder)/emergency.json")!, type: .emergency)
let vaccination = try! CredentialDocument.fromJSON(FileManager.default.contents(atPath: "\(sampleFolder)/vaccination.json")!, type: .vaccination)
StoreBenchmark.run(seconds: seconds, entries: 1_000_000, issuers: 1_000, document: emergency)
StoreBenchmark.lookupsAtScale(seconds: seconds, entries: [1_000_000, 10_000_000])
BatchBenchmark.run(tokens: 100_000, documents: [emergency, vaccination])

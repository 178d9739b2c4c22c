@preconcurrency import Glibc
import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

// Throughput of MedSeal's hot paths, measured side by side in one run (release build):
//   swift run -c release medseal-bench [--seconds N] [--only verify|issue|store|batch|interop|corpus|sizes|presentations] [--type T]
// Each figure is the best of three timed rounds of at least N/3 seconds (default 3 s in all),
// except where two are compared as a ratio: those run in turns for N seconds (sideBySide).
// --only runs one part (for a profiler), --type one sample credential; the figures in the
// README come from a whole run. --count N times nothing: it verifies each sample token
// exactly N times, so that an instruction counter (valgrind --tool=callgrind) gives figures
// that do not depend on how busy the machine is.

// One line at a time, so a run cut short still shows what it measured.
setvbuf(stdout, nil, _IOLBF, 0)

/// The parts of the benchmark.
enum Part: String, CaseIterable {
    case verify, issue, store, batch, interop, corpus, sizes, presentations
}

/// What to run, from the command line.
struct Options {
    var seconds = 3.0
    var parts = Set(Part.allCases)
    var types = CredentialType.allCases
    /// Verifications to run per sample token, untimed, instead of the figures.
    var count: Int?
}

func options() -> Options {
    var options = Options()
    var remaining = Array(CommandLine.arguments.dropFirst())[...]
    while let flag = remaining.popFirst() {
        switch (flag, remaining.popFirst()) {
        case ("--seconds", let value?) where Double(value).map({ $0 > 0 }) == true:
            options.seconds = Double(value)!
        case ("--only", let value?) where Part(rawValue: value) != nil:
            options.parts = [Part(rawValue: value)!]
        case ("--type", let value?) where CredentialType(rawValue: value) != nil:
            options.types = [CredentialType(rawValue: value)!]
        case ("--count", let value?) where Int(value).map({ $0 >= 0 }) == true:
            options.count = Int(value)!
        default:
            FileHandle.standardError.write(Data("usage: medseal-bench [--seconds N] [--only verify|issue|store|batch|interop|corpus|sizes|presentations] [--type emergency|vaccination] [--count N]\n".utf8))
            exit(2)
        }
    }
    return options
}

let chosen = options()
let seconds = chosen.seconds, parts = chosen.parts

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

/// Rates of `first` and `second` measured side by side: they take turns in slices of a few
/// milliseconds for `seconds` in all, so a busier moment of the machine (a shared virtual
/// machine has many) slows both alike and their ratio stays true.
func sideBySide(seconds: Double = seconds, _ first: () -> Void, _ second: () -> Void) -> (first: Double, second: Double) {
    var count = 0
    var firstTime: UInt64 = 0, secondTime: UInt64 = 0
    let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    var now = DispatchTime.now().uptimeNanoseconds
    repeat {
        for _ in 0..<32 { first() }
        let middle = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<32 { second() }
        let after = DispatchTime.now().uptimeNanoseconds
        firstTime += middle - now
        secondTime += after - middle
        count += 32
        now = after
    } while now < end
    return (Double(count) / (Double(firstTime) / 1e9), Double(count) / (Double(secondTime) / 1e9))
}

func format(_ value: Double) -> String { String(format: "%10.0f /s", value) }

let now = Date()
let key = IssuerSigningKey.generate(issuer: "MedSeal Demo Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400))
let issuer = CredentialIssuer(key: key)
let verifier = Verifier(trust: TrustStore(keys: [key.publicKey]))
let context = VerificationContext(now: now)
let sampleFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/Templates/inputs"

print("MedSeal \(MedSeal.version) benchmark; \(ProcessInfo.processInfo.activeProcessorCount) cores; \(seconds) s a figure")
for type in chosen.types {
    guard let data = FileManager.default.contents(atPath: "\(sampleFolder)/\(type.rawValue).json"),
          let document = try? CredentialDocument.fromJSON(data, type: type),
          let issued = try? issuer.issue(document, now: now, lifetime: 86_400 * 365) else {
        FileHandle.standardError.write(Data("medseal-bench: cannot read the sample \(type.rawValue) input in \(sampleFolder)\n".utf8))
        exit(4)
    }
    guard verifier.verify(issued.token, context: context).isValid else { fatalError("sample token does not verify") }
    let message = try! COSESign1(decoding: TokenCodec.decode(issued.token))
    print("\n\(type.rawValue) credential: \(issued.token.count) characters, signed message \(message.bytesToSign.count) bytes")
    if let count = chosen.count {
        for _ in 0..<count { precondition(verifier.verify(issued.token, context: context).isValid) }
        print("  verified \(count) times")
        continue
    }
    if parts.contains(.verify) {
        verifyFigures(issued.token, message: message, key: key.publicKey)
    }
    if parts.contains(.issue) {
        issueFigures(document)
    }
}
if chosen.count != nil && !parts.contains(.presentations) { exit(0) }

/// Verification: the whole pipeline against the signature alone, then each stage.
func verifyFigures(_ token: String, message: COSESign1, key: IssuerKey) {
    let signed = message.bytesToSign
    let (pipeline, raw) = sideBySide({ precondition(verifier.verify(token, context: context).isValid) },
                                     { precondition(Sodium.ed25519Verify(message.signature, message: signed, publicKey: key.publicKey)) })
    print("  verify, whole pipeline       \(format(pipeline))   (prefix → Base45 → inflate → CBOR → signature → checks)")
    print("  crypto_sign_verify_detached  \(format(raw))   (same message size, in turns with the line above)")
    print(String(format: "  pipeline / raw               %10.3f   (goal ≥ 0.9)", pipeline / raw))
    // The same message in body form 1 (DEFLATE), as MedSeal issued it before form 2, in turns.
    if let deflated = TokenCodec.encode(message.encoded, as: .deflated) {
        let (form2, form1) = sideBySide({ precondition(verifier.verify(token, context: context).isValid) },
                                        { precondition(verifier.verify(deflated, context: context).isValid) })
        print(String(format: "  form 2 / form 1 of the same message  %.3f   (%.0f /s against %.0f /s, in turns; form 1 is %d characters)",
                     form2 / form1, form2, form1, deflated.count))
    }
    print("  stages, each on its own:")
    StageBenchmark.run(token: token, key: key, verifier: verifier, context: context, seconds: seconds / 3)
}

/// Issuing: the token alone, the token and its QR code as PNG, and both on every core.
func issueFigures(_ document: CredentialDocument) {
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
if parts.contains(.store) {
    StoreBenchmark.run(seconds: seconds, entries: 1_000_000, issuers: 1_000, document: emergency)
    StoreBenchmark.lookupsAtScale(seconds: seconds, entries: [1_000_000, 10_000_000])
}
if parts.contains(.batch) {
    BatchBenchmark.run(tokens: 100_000, documents: [emergency, vaccination])
}
if parts.contains(.interop) {
    InteropBenchmark.run(seconds: seconds, batchTokens: 20_000)
}
if parts.contains(.corpus) {
    InteropCorpusBenchmark.run(secondsEach: seconds / 10)
}
if parts.contains(.sizes) {
    SizeBenchmark.run()
}
if parts.contains(.presentations) {
    PresentationBenchmark.run(seconds: seconds, count: chosen.count) { seconds, first, second in sideBySide(seconds: seconds, first, second) }
}

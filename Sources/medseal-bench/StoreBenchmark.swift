import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
#if canImport(Glibc)
import Glibc
#endif

/// The verifier's store at scale: importing a list of a million entries, looking entries
/// up, and the start-up cost of `medseal-verify` with 1,000 issuer keys and 1,000,000
/// revoked entries against `medseal-verify --version`.
enum StoreBenchmark {
    static func run(seconds: Double, entries: Int, issuers: Int, document: CredentialDocument) {
        let folder = NSTemporaryDirectory() + "medseal-bench-" + ByteText.hex(Sodium.randomBytes(4))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = VerifierStore(folder: folder)
        let now = Date()
        let root = IssuerSigningKey.generate(issuer: "Bench Root", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400), role: .root)
        let keys = (0..<issuers).map { IssuerSigningKey.generate(issuer: "Bench Issuer \($0)", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400 * 400)) }
        let bundle = TrustBundle(sequence: 1, issuedAt: Timestamps.epochSeconds(now), keys: keys.map(\.publicKey)).signed(by: root)
        _ = try! store.addRoot(root.publicKey, now: now)
        let bundleStart = DispatchTime.now().uptimeNanoseconds
        _ = try! store.importBundle(bundle, now: now)
        let bundleTime = Double(DispatchTime.now().uptimeNanoseconds - bundleStart) / 1e9

        let signer = keys[issuers / 2]
        var list = RevocationList(issuer: signer.publicKey.issuer, sequence: 1, issuedAt: Timestamps.epochSeconds(now), nextUpdate: Timestamps.epochSeconds(now) + 7 * 86_400)
        list = RevocationList(issuer: list.issuer, sequence: 1, issuedAt: list.issuedAt, nextUpdate: list.nextUpdate, entries: sortedRandomEntries(entries))
        let listFile = list.signed(by: signer)
        let importStart = DispatchTime.now().uptimeNanoseconds
        _ = try! store.importRevocationList(listFile, now: now)
        let importTime = Double(DispatchTime.now().uptimeNanoseconds - importStart) / 1e9

        print("\nverifier store: \(issuers) issuer keys (one bundle), a revocation list of \(entries) entries")
        print(String(format: "  import bundle of %d keys        %8.3f s", issuers, bundleTime))
        print(String(format: "  import list of %d entries  %8.3f s   (signed file %.1f MB)", entries, importTime, Double(listFile.count) / 1e6))
        let stored = (try? FileManager.default.attributesOfItem(atPath: folder + "/revocation")).flatMap { _ in
            try? FileManager.default.contentsOfDirectory(atPath: folder + "/revocation").first
        }.flatMap { try? FileManager.default.attributesOfItem(atPath: folder + "/revocation/" + $0)[.size] as? Int } ?? 0
        print(String(format: "  stored form                     %8.2f bytes per entry (memory-mapped; pages load on use)", Double(stored) / Double(entries)))

        let index = try! store.revocationList(issuer: signer.publicKey.issuer)!
        let probes = (0..<4_096).map { _ in Sodium.randomBytes(RevocationList.hashLength) }
        let listed = (0..<4_096).map { i in Array(list.entries[(i * 241 % list.count) * 9..<(i * 241 % list.count) * 9 + 8]) }
        var cursor = 0
        let misses = rate(seconds: seconds) { cursor &+= 1; precondition(try! index.reason(for: probes[cursor & 4_095]) == nil) }
        let hits = rate(seconds: seconds) { cursor &+= 1; precondition(try! index.reason(for: listed[cursor & 4_095]) != nil) }
        print("  lookups, not listed             \(format(misses))")
        print("  lookups, listed                 \(format(hits))")

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/medseal-verify"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("  start-up: skipped (build medseal-verify first: swift build -c release)")
            return
        }
        let token = try! CredentialIssuer(key: signer).issue(document, now: now, lifetime: 86_400).token
        let version = [binary, "--version"]
        let verify = [binary, "--trust", folder, token]
        precondition(spawn(verify) == 0, "the bench token does not verify")
        var versionTimes = [Double](), verifyTimes = [Double]()
        for _ in 0..<max(20, Int(seconds * 10)) {
            versionTimes.append(timed { _ = spawn(version) })
            verifyTimes.append(timed { _ = spawn(verify) })
        }
        let versionMedian = median(versionTimes), verifyMedian = median(verifyTimes)
        print(String(format: "  start-up, medseal-verify --version          %7.2f ms (median of %d)", versionMedian * 1e3, versionTimes.count))
        print(String(format: "  start-up, verify one token with this store  %7.2f ms", verifyMedian * 1e3))
        print(String(format: "  ratio                                       %7.2f    (goal < 3)", verifyMedian / versionMedian))
    }

    /// Revocation lookups and memory at each size: a list of that many entries is imported
    /// into a fresh store, then looked up at random; the resident memory the lookups add is
    /// read from /proc/self/status.
    static func lookupsAtScale(seconds: Double, entries sizes: [Int]) {
        print("\nrevocation lookups by list size (entries hashed to 8 bytes + reason)")
        for count in sizes {
            let folder = NSTemporaryDirectory() + "medseal-bench-" + ByteText.hex(Sodium.randomBytes(4))
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = VerifierStore(folder: folder)
            let now = Date()
            let signer = IssuerSigningKey.generate(issuer: "Bench Issuer", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400))
            _ = try! store.add(signer.publicKey, now: now)
            let list = RevocationList(issuer: signer.publicKey.issuer, sequence: 1, issuedAt: Timestamps.epochSeconds(now),
                                      nextUpdate: Timestamps.epochSeconds(now) + 86_400, entries: sortedRandomEntries(count))
            _ = try! store.importRevocationList(list.signed(by: signer), now: now)
            let stored = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/revocation").first)
                .flatMap { try? FileManager.default.attributesOfItem(atPath: folder + "/revocation/" + $0)[.size] as? Int } ?? 0
            let probes = (0..<4_096).map { _ in Sodium.randomBytes(RevocationList.hashLength) }
            let listed = (0..<4_096).map { i in Array(list.entries[(i * 2_411 % count) * 9..<(i * 2_411 % count) * 9 + 8]) }
            let before = residentBytes()
            let index = try! store.revocationList(issuer: signer.publicKey.issuer)!
            var cursor = 0
            let misses = rate(seconds: seconds) { cursor &+= 1; precondition(try! index.reason(for: probes[cursor & 4_095]) == nil) }
            let hits = rate(seconds: seconds) { cursor &+= 1; precondition(try! index.reason(for: listed[cursor & 4_095]) != nil) }
            let added = residentBytes() - before
            print(String(format: "  %10d entries: not listed %@, listed %@; stored %.2f B/entry; resident after lookups +%.1f MB (%.2f B/entry)",
                         count, format(misses), format(hits), Double(stored) / Double(count), Double(added) / 1e6, Double(added) / Double(count)))
        }
    }

    /// This process's resident memory (VmRSS), in bytes.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// `count` random entries, sorted and without repeats, each marked revoked.
    static func sortedRandomEntries(_ count: Int) -> [UInt8] {
        var hashes = Set<UInt64>()
        while hashes.count < count {
            let bytes = Sodium.randomBytes(8 * 4_096)
            for i in 0..<4_096 where hashes.count < count {
                hashes.insert(bytes[i * 8..<i * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) })
            }
        }
        var entries = [UInt8]()
        entries.reserveCapacity(count * 9)
        for hash in hashes.sorted() {
            for shift in stride(from: 56, through: 0, by: -8) { entries.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
            entries.append(RevocationReason.revoked.rawValue)
        }
        return entries
    }

    static func timed(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Runs a program with output discarded; returns its exit status.
    static func spawn(_ argv: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xFF
    }
}

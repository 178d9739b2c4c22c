import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore
@testable import MedSealRendering

/// A full disk and a read-only store (in a private mount namespace, `unshare -m`): the
/// verifier says so clearly and the store keeps its previous, usable state.
@Suite("Full disk and read-only store")
struct FullDiskTests {
    static let canMount: Bool = (try? Tool.run("unshare", ["-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"]).status) == 0

    @Test func importsFailCleanlyWhenTheStoreCannotBeWritten() throws {
        guard FullDiskTests.canMount else {
            withKnownIssue("mount namespaces are not permitted here") { throw Tool.NetworkIsolationUnavailable() }
            return
        }
        let folder = try Tool.temporaryFolder()
        let now = Date()
        let issuer = IssuerSigningKey.generate(issuer: "Disk Clinic", notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(86_400))
        try issuer.publicKey.fileData.write(to: URL(fileURLWithPath: folder + "/issuer.pub"))
        let document = try CredentialDocument.read(path: Tool.root + "/Templates/inputs/vaccination.json", type: .vaccination)
        let issued = try CredentialIssuer(key: issuer).issue(document, now: now, lifetime: 86_400)
        var small = RevocationList(issuer: issuer.publicKey.issuer, sequence: 1, issuedAt: Timestamps.epochSeconds(now), nextUpdate: Timestamps.epochSeconds(now) + 86_400)
        small.add(hash: RevocationList.entryHash(issuer: issuer.publicKey.issuer, credentialID: issued.claims.credentialID), reason: .revoked)
        try Data(small.signed(by: issuer)).write(to: URL(fileURLWithPath: folder + "/small.list"))
        var entries = [UInt8]()
        for index in 0..<20_000 { entries += withUnsafeBytes(of: (UInt64(index) << 20).bigEndian) { Array($0) } + [1] }
        let large = RevocationList(issuer: small.issuer, sequence: 2, issuedAt: small.issuedAt, nextUpdate: small.nextUpdate, entries: entries)
        try Data(large.signed(by: issuer)).write(to: URL(fileURLWithPath: folder + "/large.list"))
        try issued.token.write(toFile: folder + "/token", atomically: true, encoding: .utf8)

        // Inside a 64 KiB file system: trust the key, import the small list, then the 180 KB one.
        let verify = Tool.binaries + "/medseal-verify"
        let script = """
        set -u
        mount -t tmpfs -o size=64k tmpfs \(folder)/mnt
        S=\(folder)/mnt/store
        \(verify) trust add --trust $S \(folder)/issuer.pub >/dev/null || exit 10
        \(verify) revocation import --trust $S \(folder)/small.list >/dev/null || exit 11
        \(verify) revocation import --trust $S \(folder)/large.list; echo "full=$?"
        \(verify) --trust $S --file \(folder)/token >/dev/null; echo "verify=$?"
        \(verify) trust check --trust $S >/dev/null; echo "check=$?"
        mount -o remount,ro,bind \(folder)/mnt
        \(verify) trust add --trust $S \(folder)/issuer.pub; echo "readonly=$?"
        \(verify) --trust $S --file \(folder)/token >/dev/null; echo "verify-ro=$?"
        """
        try FileManager.default.createDirectory(atPath: folder + "/mnt", withIntermediateDirectories: true)
        let result = try Tool.run("unshare", ["-m", "sh", "-c", script])
        let output = result.stdout + result.stderr
        #expect(output.contains("full=4") && output.contains("No space left on device"), "\(output)")
        #expect(output.contains("verify=1"), "the small list (revoked) is still in force: \(output)")
        #expect(output.contains("check=0"), "the store is intact: \(output)")
        #expect(output.contains("readonly=4") && output.contains("Read-only file system"), "\(output)")
        #expect(output.contains("verify-ro=1"), "a read-only store still verifies: \(output)")
    }
}

import Foundation
import Testing

/// Issuer keys kept encrypted with a passphrase (Argon2id + XSalsa20-Poly1305).
@Suite("Encrypted key files")
struct EncryptedKeyTests {
    @Test func anEncryptedKeySignsOnlyWithItsPassphrase() throws {
        let folder = try Tool.temporaryFolder()
        try "correct horse battery staple\n".write(toFile: folder + "/pass", atomically: true, encoding: .utf8)
        try "wrong horse battery staple\n".write(toFile: folder + "/wrong", atomically: true, encoding: .utf8)
        try "short\n".write(toFile: folder + "/short", atomically: true, encoding: .utf8)
        let created = try Tool.medseal("medseal", ["key", "new", "--issuer", "Shared Disk Clinic", "--out", folder + "/keys", "--passphrase-file", folder + "/pass"])
        try #require(created.status == 0, "\(created.stderr)")
        let keyFile = try Tool.read(folder + "/keys/issuer.key")
        #expect(keyFile.contains("\"encryptedSeed\"") && keyFile.contains("argon2id13") && !keyFile.contains("\"seed\""))
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/keys/issuer.key")[.posixPermissions] as? Int == 0o600)
        #expect(!keyFile.contains("correct horse"))

        let input = Tool.root + "/Templates/inputs/vaccination.json"
        let without = try Tool.medseal("medseal", ["issue", "vaccination", "--key", folder + "/keys/issuer.key", "--in", input])
        #expect(without.status == 3 && without.stderr.contains("is encrypted; give its passphrase with --passphrase-file"))
        let wrong = try Tool.medseal("medseal", ["issue", "vaccination", "--key", folder + "/keys/issuer.key", "--in", input, "--passphrase-file", folder + "/wrong"])
        #expect(wrong.status == 3 && wrong.stderr.contains("wrong passphrase"))
        let right = try Tool.medseal("medseal", ["issue", "vaccination", "--key", folder + "/keys/issuer.key", "--in", input, "--passphrase-file", folder + "/pass"])
        #expect(right.status == 0, "\(right.stderr)")
        let token = right.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let verified = try Tool.medseal("medseal-verify", ["--trust", folder + "/keys", token])
        #expect(verified.status == 0 && verified.stdout.hasPrefix("VALID"), "\(verified.stdout)")
        let revoked = try Tool.medseal("medseal", ["revoke", "--key", folder + "/keys/issuer.key", "--passphrase-file", folder + "/pass", "--list", folder + "/list", "--id", token])
        #expect(revoked.status == 0, "\(revoked.stderr)")

        // A damaged ciphertext reads as a wrong passphrase; a too-short passphrase is refused.
        let damaged = keyFile.replacingOccurrences(of: "\"ciphertext\" : \"", with: "\"ciphertext\" : \"A")
        try damaged.write(toFile: folder + "/keys/issuer.key", atomically: true, encoding: .utf8)
        chmod(folder + "/keys/issuer.key", 0o600)
        let altered = try Tool.medseal("medseal", ["issue", "vaccination", "--key", folder + "/keys/issuer.key", "--in", input, "--passphrase-file", folder + "/pass"])
        #expect(altered.status == 3 && (altered.stderr.contains("wrong passphrase") || altered.stderr.contains("malformed")), "\(altered.stderr)")
        let short = try Tool.medseal("medseal", ["key", "new", "--issuer", "X", "--out", folder + "/other", "--passphrase-file", folder + "/short"])
        #expect(short.status == 3 && short.stderr.contains("at least 8 characters"))
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The verifier station's own Ed25519 key, which signs the audit log's head (the entry
/// count and the last entry's hash). Kept beside the log as `audit.log.key` (mode 0600,
/// created once, by one process, with the log's first signed append); never printed. Its
/// key id is shown by `audit check`, so that whoever collects a station's logs can notice a
/// key that was replaced along with a rewritten log.
public struct AuditStationKey: Sendable {
    let seed: [UInt8]
    /// The public half.
    public let publicKey: [UInt8]
    static let format = "medseal-audit-station-key/1"

    init(seed: [UInt8]) {
        self.seed = seed
        publicKey = Sodium.ed25519KeyPair(seed: seed).publicKey
    }

    /// The key id: the first 8 bytes of SHA-256 of the public key, as hexadecimal.
    public var kidHex: String { ByteText.hex(Sodium.sha256(publicKey).prefix(8)) }

    func sign(_ message: [UInt8]) -> [UInt8] { Sodium.ed25519Sign(message, secretKey: Sodium.ed25519KeyPair(seed: seed).secretKey) }

    /// The key at `path`, or `nil` when there is none.
    static func load(path: String) throws(UserError) -> AuditStationKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        if let mode = FileStore.permissions(of: path), mode & 0o077 != 0 {
            throw UserError(.key, "\(path): permissions \(String(mode, radix: 8)) let others read the station's audit key; run chmod 600 \(path)")
        }
        let lines = String(decoding: try FileStore.read(path, limit: 4_096), as: UTF8.self).split(separator: "\n")
        guard lines.count == 2, lines[0] == format, let seed = ByteText.bytes(base64url: String(lines[1])), seed.count == Sodium.seedLength else {
            throw UserError(.damaged, "\(path) is not a station audit key (\(format)); the log's head cannot be signed")
        }
        return AuditStationKey(seed: seed)
    }

    /// The key at `path`, created (exclusively, so that two verifiers starting at once end
    /// up with one key) when there is none.
    static func loadOrCreate(path: String) throws(UserError) -> AuditStationKey {
        if let key = try load(path: path) { return key }
        let seed = Sodium.randomBytes(Sodium.seedLength)
        _ = try FileStore.createExclusively(Data((format + "\n" + ByteText.base64url(seed) + "\n").utf8), at: path, mode: 0o600)
        guard let key = try load(path: path) else { throw UserError(.io, "\(path): the station's audit key could not be created") }
        return key
    }
}

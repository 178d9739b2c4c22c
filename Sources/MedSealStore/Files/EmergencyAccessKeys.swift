import Foundation
import MedSealEncoding
import MedSealModel

/// A verifier station's sealing key and the emergency-access keys granted to it, in the
/// store: `station/station.key` (mode 0600) and `station/station.pub` (a folder of their own:
/// `.pub` files at the top of the store are trusted issuer keys), and `emergency-access/KID.key` (mode
/// 0600) for each key taken in from a grant. Only stations of emergency services are given
/// grants; a school's or checkpoint's store has none, and sees only that sealed items exist.
public struct EmergencyAccessKeys: Sendable {
    public let folder: String
    public var stationSecretPath: String { folder + "/station/station.key" }
    public var stationPublicPath: String { folder + "/station/station.pub" }
    var keysFolder: String { folder + "/emergency-access" }

    public init(store: VerifierStore) { folder = store.folder }

    /// The station's key, created on first use (`name` names the station in it).
    public func station(creatingNamed name: String? = nil) throws(UserError) -> SealingSecret {
        if FileManager.default.fileExists(atPath: stationSecretPath) {
            return try SealingSecret.load(path: stationSecretPath, role: .station)
        }
        guard let name else { throw UserError(.key, "this store has no station key; create one with medseal-verify station init --name NAME") }
        try FileStore.ensureFolder(folder + "/station")
        let now = Date()
        let secret = SealingSecret.generate(role: .station, name: name, notBefore: now, notAfter: now.addingTimeInterval(10 * 31_536_000))
        try secret.save(secretPath: stationSecretPath, publicPath: stationPublicPath)
        return secret
    }

    /// Takes in a grant sealed to this station: the emergency-access key it holds, stored.
    public func importGrant(_ data: Data, name: String) throws(UserError) -> SealingKey {
        let secret = try station().openGrant(data, name: name)
        try FileStore.ensureFolder(keysFolder)
        let path = "\(keysFolder)/\(secret.publicKey.kidHex).key"
        try FileStore.writeAtomically(secret.fileData, to: path, mode: 0o600)
        return secret.publicKey
    }

    /// The emergency-access secret with key id `kid`, if this station was granted it.
    public func secret(kid: [UInt8]) throws(UserError) -> SealingSecret? {
        let path = "\(keysFolder)/\(ByteText.hex(kid)).key"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SealingSecret.load(path: path, role: .emergencyAccess)
    }

    /// The emergency-access keys this station holds.
    public func granted() throws(UserError) -> [SealingKey] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: keysFolder)) ?? []).filter { $0.hasSuffix(".key") }.sorted()
        var keys = [SealingKey]()
        for name in names { keys.append(try SealingSecret.load(path: "\(keysFolder)/\(name)", role: .emergencyAccess).publicKey) }
        return keys
    }
}

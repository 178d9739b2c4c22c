import Foundation
import MedSealEncoding
import MedSealModel

/// Where an issuer takes the emergency-access key from: the authority's `.pub` file, or a
/// trust bundle the authority's root signed (the way keys reach issuers), checked against
/// that root.
enum EmergencyAccessSource {
    static func key(at path: String, root rootPath: String?, now: Date = Date()) throws(UserError) -> SealingKey {
        let data: Data
        do { data = try FileStore.read(path, limit: DecodingLimits.maximumTrustFileBytes) } catch { throw UserError(.io, error.message) }
        guard data.first != UInt8(ascii: "{") else {
            guard rootPath == nil else { throw UserError(.usage, "--root goes with --seal-to BUNDLE, not with a .pub file") }
            return try SealingKey(fileData: data, name: path, role: .emergencyAccess)
        }
        guard let rootPath else { throw UserError(.usage, "--seal-to \(path) is a trust bundle: give the root it must be signed by with --root root.pub") }
        let root: IssuerKey
        do { root = try IssuerKey(fileData: try FileStore.read(rootPath), name: rootPath) } catch { throw UserError(.key, error.message) }
        guard root.role == .root else { throw UserError(.key, "\(rootPath) is not a root key") }
        let bundle: TrustBundle, message: COSESign1
        do { (bundle, message) = try TrustBundle.open([UInt8](data)) } catch { throw UserError(.input, "\(path): not a trust bundle: \(error.description)") }
        guard message.isSigned(by: root) else { throw UserError(.key, "\(path) is not signed by the root in \(rootPath)") }
        let valid = bundle.emergencyAccess.filter { $0.notBefore <= now && now <= $0.notAfter }
        guard let newest = valid.max(by: { $0.notBefore < $1.notBefore }) else {
            throw UserError(.input, "\(path) carries no emergency-access key valid now (the authority adds one with bundle create --emergency-access)")
        }
        return newest
    }
}

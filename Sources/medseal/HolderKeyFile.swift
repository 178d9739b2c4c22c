import Foundation
import MedSealEncoding
import MedSealModel

/// A patient's public holder key file (`holder.pub`), as `issue --holder` reads it.
enum HolderKeyFile {
    static func load(path: String) throws(UserError) -> IssuerKey {
        let data: Data
        do { data = try FileStore.read(path) } catch { throw UserError(.key, error.message) }
        let key = try IssuerKey(fileData: data, name: path)
        guard key.role == .holder else {
            throw UserError(.key, "\(path) is a \(key.role.rawValue) key, not a patient's holder key (medseal key new --holder --out DIR makes holder.pub)")
        }
        return key
    }
}

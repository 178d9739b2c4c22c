import Foundation

/// The issuer public keys a verifier trusts, read from the `.pub` files of one folder.
public struct TrustStore: Sendable {
    public private(set) var keys: [IssuerKey]

    public init(keys: [IssuerKey]) { self.keys = keys }

    /// The default trust folder: `$MEDSEAL_HOME/trust`, else `$XDG_DATA_HOME/medseal/trust`,
    /// else `~/.local/share/medseal/trust`.
    public static var defaultFolder: String {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["MEDSEAL_HOME"], !home.isEmpty { return home + "/trust" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/medseal/trust" }
        return NSHomeDirectory() + "/.local/share/medseal/trust"
    }

    /// Loads every `.pub` file in `folder`. A damaged file is an error, never skipped: a
    /// verifier that quietly trusts fewer keys would call good credentials invalid.
    public static func load(folder: String) throws(UserError) -> TrustStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UserError(.usage, "trust folder \(folder) does not exist (give one with --trust DIR holding issuer .pub files)")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw UserError(.io, "trust folder \(folder) cannot be read")
        }
        var keys = [IssuerKey]()
        for name in names.sorted() where name.hasSuffix(".pub") {
            let path = folder + "/" + name
            keys.append(try IssuerKey(fileData: try FileStore.read(path), name: path))
        }
        return TrustStore(keys: keys)
    }

    /// Every trusted key with this kid that belongs to the claimed issuer. Two keys may share
    /// a kid; the caller tries them all.
    public func candidates(kid: [UInt8], issuer: String) -> [IssuerKey] {
        keys.filter { $0.kid == kid && $0.issuer == issuer }
    }

    /// Whether any trusted key has this kid (under any issuer).
    public func knowsKid(_ kid: [UInt8]) -> Bool { keys.contains { $0.kid == kid } }
}

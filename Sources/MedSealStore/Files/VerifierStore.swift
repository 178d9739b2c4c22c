import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The verifier's folder of offline knowledge, and how it is laid out:
///
///     FOLDER/*.pub               issuer keys placed by hand (read on every start)
///     FOLDER/trust.index         roots, imported bundles and issuer keys (TrustIndex)
///     FOLDER/revocation/*.list   one compiled revocation list per issuer (RevocationIndex)
///     FOLDER/state               the clock memory (ClockMemory)
///     FOLDER/interop-shc.trust   SMART Health Card issuers, keys and CRLs (MedSealInterop)
///     FOLDER/interop-dcc.trust   EU DCC signing certificates (MedSealInterop)
///     FOLDER/.lock               taken while the store changes
///
/// Every file is replaced by one atomic write (write, flush, rename), so a crash leaves
/// the old state or the new one. Every file carries a checksum that is checked on use.
public struct VerifierStore: Sendable {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// The default folder: `$MEDSEAL_HOME/trust`, else `$XDG_DATA_HOME/medseal/trust`,
    /// else `~/.local/share/medseal/trust`.
    public static var defaultFolder: String {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["MEDSEAL_HOME"], !home.isEmpty { return home + "/trust" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/medseal/trust" }
        return NSHomeDirectory() + "/.local/share/medseal/trust"
    }

    var indexPath: String { folder + "/trust.index" }
    var revocationFolder: String { folder + "/revocation" }
    var statePath: String { folder + "/state" }

    /// Where the compiled list of `issuer` is kept.
    func revocationPath(issuer: String) -> String {
        revocationFolder + "/" + ByteText.hex(Sodium.sha256(Array(IssuerName.normalized(issuer).utf8)).prefix(8)) + ".list"
    }

    /// Whether the folder exists.
    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The keys the verifier trusts: `.pub` files in the folder plus the index.
    public func trust() throws(UserError) -> TrustStore {
        try requireExisting()
        let files = try fileKeys(), index = try index()
        // 'trust add' and 'trust import' refuse look-alike names; a .pub file copied in by
        // hand is checked here (only then, so that stores of bundles start as fast as ever).
        if !files.isEmpty {
            let names = files.map(\.key.issuer) + (try index?.state().keys.map(\.key.issuer) ?? [])
            if let (first, second) = IssuerName.lookAlike(among: names) {
                throw UserError(.damaged, "\(folder) trusts two issuers whose names look the same, '\(first)' and '\(second)': a card from one could pass for the other's. Remove the wrong key", remedy: .listTrust)
            }
        }
        return TrustStore(fileKeys: files, index: index)
    }

    /// Refuses a store folder that does not exist, saying how to make one.
    public func requireExisting() throws(UserError) {
        guard exists else {
            throw UserError(.usage, "trust folder \(folder) does not exist", remedy: .giveTrustFolder)
        }
    }

    /// The compiled index, if the store has one.
    func index() throws(UserError) -> TrustIndex? {
        guard FileManager.default.fileExists(atPath: indexPath) else { return nil }
        return try TrustIndex(fileBytes: [UInt8](try FileStore.read(indexPath, limit: DecodingLimits.maximumTrustFileBytes)), path: indexPath)
    }

    /// The whole trust state kept in the index (empty for a store without one).
    public func trustState() throws(UserError) -> TrustState {
        try index()?.state() ?? TrustState()
    }

    /// Keys from `.pub` files in the folder. A damaged file is an error, never skipped: a
    /// verifier that quietly trusts fewer keys would call good credentials invalid.
    public func fileKeys() throws(UserError) -> [TrustedKey] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw UserError(.io, "trust folder \(folder) cannot be read")
        }
        var keys = [TrustedKey]()
        for name in names.sorted() where name.hasSuffix(".pub") {
            let path = folder + "/" + name
            let key = try IssuerKey(fileData: try FileStore.read(path), name: path)
            guard key.role == .issuer else {
                throw UserError(.key, "\(path) is a root key; roots go in the store, not in the folder as files", remedy: .addRootKey)
            }
            keys.append(TrustedKey(key: key, source: .file(name), updatedAt: Self.modificationTime(path)))
        }
        return keys
    }

    /// The compiled revocation list of `issuer`, if one was imported.
    public func revocationList(issuer: String) throws(UserError) -> RevocationIndex? {
        try RevocationIndex(path: revocationPath(issuer: issuer))
    }

    /// Every compiled revocation list in the store.
    public func revocationLists() throws(UserError) -> [RevocationIndex] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: revocationFolder)) ?? []
        var lists = [RevocationIndex]()
        for name in names.sorted() where name.hasSuffix(".list") {
            if let list = try RevocationIndex(path: revocationFolder + "/" + name) { lists.append(list) }
        }
        return lists
    }

    /// The clock memory, if any was recorded.
    public func clockMemory() throws(UserError) -> ClockMemory? {
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        return try ClockMemory(fileBytes: [UInt8](try FileStore.read(statePath)), path: statePath)
    }

    /// Records that the verifier ran at `now`, at most once an hour, and only in a store the
    /// verifier manages (one with an index or state file). A folder it cannot write to is
    /// left alone: verifying must not depend on it.
    public func recordRun(now: Date) {
        let seconds = Timestamps.epochSeconds(now)
        guard FileManager.default.fileExists(atPath: indexPath) || FileManager.default.fileExists(atPath: statePath) else { return }
        guard let memory = try? clockMemory() ?? ClockMemory(), seconds > memory.lastRun + ClockMemory.recordingInterval else { return }
        try? FolderLock.withLock(folder) { () throws(UserError) in
            var current = try clockMemory() ?? ClockMemory()
            current.lastRun = max(current.lastRun, seconds)
            try FileStore.writeAtomically(Data(current.fileBytes), to: statePath)
        }
    }

    /// Raises the newest trusted time to `time` (called with the store locked).
    func recordTrustedTime(_ time: Int64) throws(UserError) {
        var memory = try clockMemory() ?? ClockMemory()
        guard time > memory.newestTrustedTime else { return }
        memory.newestTrustedTime = time
        try FileStore.writeAtomically(Data(memory.fileBytes), to: statePath)
    }

    /// Writes a new index (called with the store locked).
    func write(_ state: TrustState) throws(UserError) {
        try FileStore.writeAtomically(Data(TrustIndex.encode(state)), to: indexPath)
    }

    /// Creates the folder if needed and runs `body` with the store locked, first clearing
    /// temporary files that a killed writer of the store left behind.
    public func changing<T>(_ body: () throws -> T) throws -> T {
        try FileStore.ensureFolder(folder)
        let lock = try FolderLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        for (directory, prefixes) in [(folder, [".trust.index.tmp-", ".state.tmp-", ".interop-shc.trust.tmp-", ".interop-dcc.trust.tmp-"]), (revocationFolder, ["."])] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            where name.contains(".tmp-") && prefixes.contains(where: name.hasPrefix) {
                unlink(directory + "/" + name)
            }
        }
        return try body()
    }

    static func modificationTime(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date).map(Timestamps.epochSeconds) ?? 0
    }
}

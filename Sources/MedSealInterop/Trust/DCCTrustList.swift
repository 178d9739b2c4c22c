import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The EU DCC document signing certificates this verifier trusts, kept in the store as
/// `interop-dcc.trust` (sealed: magic, SHA-256, JSON). Each is stored as DER with its kid
/// (the first 8 bytes of the SHA-256 of the DER) and read with libcrypto only when a
/// credential names that kid.
public struct DCCTrustList: Codable, Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var kid: Data
        public var der: Data
        /// The file it was imported from.
        public var source: String
    }

    public var entries: [Entry] = []
    /// When the list was last imported, seconds since 1970.
    public var importedAt: Int64 = 0

    static let fileName = "interop-dcc.trust"
    static let magic = "MSDCCTR1"

    public init() {}

    /// The kid the EU DCC specification gives a certificate: SHA-256 of its DER, first 8 bytes.
    public static func kid(der: [UInt8]) -> [UInt8] { Array(OpenSSL.sha256(der).prefix(8)) }

    /// The stored list, or an empty one when nothing was imported.
    public static func load(_ store: VerifierStore) throws(UserError) -> DCCTrustList {
        try InteropFile.load(DCCTrustList.self, store: store, name: fileName, magic: magic) ?? DCCTrustList()
    }

    /// Writes the list atomically (call with the store locked).
    func save(_ store: VerifierStore) throws(UserError) {
        try InteropFile.save(self, store: store, name: DCCTrustList.fileName, magic: DCCTrustList.magic)
    }

    /// The trusted certificates with `kid` (more than one may share it; each is tried).
    public func certificates(kid: [UInt8]) -> [X509Certificate] {
        entries.filter { Array($0.kid) == kid }.compactMap { try? X509Certificate(der: Array($0.der)) }
    }
}

/// Reading and writing the interop trust files: sealed JSON, written atomically.
enum InteropFile {
    static func path(_ store: VerifierStore, _ name: String) -> String { store.folder + "/" + name }

    static func load<T: Decodable>(_ type: T.Type, store: VerifierStore, name: String, magic: String) throws(UserError) -> T? {
        let path = path(store, name)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let repair = "import the issuer's files again, or delete it to forget them"
        let payload = try SealedFile.open([UInt8](try FileStore.read(path, limit: DecodingLimits.maximumTrustFileBytes)), magic: magic, path: path, repair: repair, remedy: .reimportInteropTrust)
        do {
            // The one JSON reader, then the same decoder as every JSON input.
            return try CBORValueDecoder.decode(T.self, from: JSONReader.parse(payload))
        } catch {
            throw UserError(.damaged, "\(path) is damaged: its contents cannot be read; \(repair)", remedy: .reimportInteropTrust)
        }
    }

    static func save<T: Encodable>(_ value: T, store: VerifierStore, name: String, magic: String) throws(UserError) {
        let data: Data
        do { data = try JSONWriter.data(encoding: value) } catch { throw UserError(.io, "cannot encode \(name): \(error)") }
        try FileStore.writeAtomically(Data(SealedFile.seal(Array(data), magic: magic)), to: path(store, name))
    }
}

import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// The country signing CAs (CSCA) this verifier trusts for ICAO VDS-NC seals, and their
/// certificate revocation lists, kept in the store as `interop-csca.trust` (sealed JSON,
/// written atomically under the store's lock). `trust import-csca FILE…` adds CA certificates
/// (DER or PEM) and CRLs (DER or PEM) signed by a trusted CSCA; a CRL replaces an older one of
/// the same authority, and an older one is refused.
public struct CSCATrustList: Codable, Sendable {
    public struct Entry: Codable, Sendable, Hashable {
        public var der: Data
        /// The file it was imported from.
        public var source: String
    }

    public var authorities: [Entry] = []
    public var revocationLists: [Entry] = []

    static let fileName = "interop-csca.trust"
    static let magic = "MSCSCAT1"

    public init() {}

    public static func load(_ store: VerifierStore) throws(UserError) -> CSCATrustList {
        try InteropFile.load(CSCATrustList.self, store: store, name: fileName, magic: magic) ?? CSCATrustList()
    }

    /// Adds the certificates and CRLs in `files`; answers what changed, in words. Nothing is
    /// written when one file is not a CA certificate or a CRL of a trusted CSCA.
    public static func importFiles(_ files: [String], store: VerifierStore) throws -> String {
        try FileStore.ensureFolder(store.folder)
        return try FolderLock.withLock(store.folder) { () throws(UserError) -> String in
            var list = try load(store)
            var added = 0, lists = 0
            for file in files {
                let data = try FileStore.read(file, limit: 1 << 20)
                let (certificates, crls) = CSCATrustList.items(in: data)
                guard !certificates.isEmpty || !crls.isEmpty else { throw UserError(.input, "\(file): neither a certificate nor a CRL (DER or PEM)") }
                for der in certificates {
                    let certificate: X509Certificate
                    do throws(FormatError) { certificate = try X509Certificate(der: der) } catch { throw UserError(.input, "\(file): \(error.description)") }
                    guard certificate.isCertificateAuthority else { throw UserError(.input, "\(file): \(certificate.subject) is not a CA certificate: a CSCA must be one") }
                    if !list.authorities.contains(where: { $0.der == Data(der) }) {
                        list.authorities.append(Entry(der: Data(der), source: (file as NSString).lastPathComponent))
                        added += 1
                    }
                }
                for der in crls {
                    let crl: X509RevocationList
                    do throws(FormatError) { crl = try X509RevocationList(der: der) } catch { throw UserError(.input, "\(file): \(error.description)") }
                    let authorities = list.authorities.compactMap { try? X509Certificate(der: Array($0.der)) }
                    guard let authority = authorities.first(where: { crl.isSigned(by: $0) }) else {
                        throw UserError(.input, "\(file): the CRL is not signed by a trusted CSCA (import the CSCA first)")
                    }
                    let sameAuthority = list.revocationLists.firstIndex { entry in
                        (try? X509RevocationList(der: Array(entry.der))).map { $0.isSigned(by: authority) } ?? false
                    }
                    if let index = sameAuthority, let held = try? X509RevocationList(der: Array(list.revocationLists[index].der)) {
                        guard crl.thisUpdate >= held.thisUpdate else { throw UserError(.input, "\(file): older than the CRL already imported for \(authority.subject)") }
                        list.revocationLists[index] = Entry(der: Data(der), source: (file as NSString).lastPathComponent)
                    } else {
                        list.revocationLists.append(Entry(der: Data(der), source: (file as NSString).lastPathComponent))
                    }
                    lists += 1
                }
            }
            try InteropFile.save(list, store: store, name: fileName, magic: magic)
            return "CSCAs: \(list.authorities.count) trusted (\(added) new); \(lists) CRL(s) imported"
        }
    }

    /// The DER certificates and CRLs in a file: PEM blocks, or one DER item.
    static func items(in data: Data) -> (certificates: [[UInt8]], crls: [[UInt8]]) {
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN ") {
            func blocks(_ label: String) -> [[UInt8]] {
                text.components(separatedBy: "-----BEGIN \(label)-----").dropFirst().compactMap { part in
                    guard let end = part.range(of: "-----END \(label)-----") else { return nil }
                    return Data(base64Encoded: String(part[..<end.lowerBound].filter { !$0.isWhitespace })).map(Array.init)
                }
            }
            return (blocks("CERTIFICATE"), blocks("X509 CRL"))
        }
        let der = Array(data)
        if (try? X509Certificate(der: der)) != nil { return ([der], []) }
        if (try? X509RevocationList(der: der)) != nil { return ([], [der]) }
        return ([], [])
    }
}

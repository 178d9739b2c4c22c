import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore

/// `trust import-dcc DIR`: EU DCC document signing certificates from a folder of DER or PEM
/// files (`.der`, `.cer`, `.crt`, `.pem`; a PEM file may hold several).
///
/// By default the folder is the whole trust list: certificates not in it are no longer
/// trusted (a withdrawn signer must stop verifying). With `adding`, they are kept.
/// Unusable certificates (wrong key type, unreadable) are skipped and named.
public enum DCCImport {
    public struct Outcome: Sendable {
        public var notes: [String] = []
        public var summary: String = ""
    }

    static let extensions: Set<String> = ["der", "cer", "crt", "pem"]

    public static func run(store: VerifierStore, folder: String, adding: Bool, now: Date = Date()) throws -> Outcome {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw UserError(.usage, "\(folder) is not a folder (give a folder of DER or PEM certificates)")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch { throw UserError(.io, "cannot read \(folder): \(error.localizedDescription)") }
        var blobs = [(label: String, der: [UInt8], kid: [UInt8]?)]()
        for name in names where extensions.contains((name as NSString).pathExtension.lowercased()) {
            let data = try FileStore.read(folder + "/" + name)
            let blocks = PEM.certificates(in: data) ?? [Array(data)]
            for (index, der) in blocks.enumerated() { blobs.append((blocks.count > 1 ? "\(name) #\(index + 1)" : name, der, nil)) }
        }
        return try DCCImport.store(blobs, into: store, from: folder, adding: adding, now: now)
    }

    /// Takes in the certificates of a WHO GDHCN trust list: DID documents (`did:web`, as the
    /// GDHCN publishes them, or a list of them) whose verification methods carry the document
    /// signing certificates as `publicKeyJwk.x5c` and the kid as the method id's fragment.
    /// They are trusted beside what is already trusted (HCERT certificates are verified the same
    /// way whoever lists their signers).
    public static func runGDHCN(store: VerifierStore, files: [String], now: Date = Date()) throws -> Outcome {
        var blobs = [(label: String, der: [UInt8], kid: [UInt8]?)]()
        for file in files {
            let data = try FileStore.read(file, limit: DecodingLimits.maximumTrustFileBytes)
            guard let tape = try? JSONTape([UInt8](data)) else { throw ImportRejection(.malformed, "\(file) is not JSON") }
            var documents = [Any]()
            if let list = tape.root.foundationValue as? [Any] { documents = list } else { documents = [tape.root.foundationValue] }
            for case let document as [String: Any] in documents {
                let did = (document["didDocument"] as? [String: Any]) ?? document
                for case let method as [String: Any] in did["verificationMethod"] as? [Any] ?? [] {
                    guard let jwk = method["publicKeyJwk"] as? [String: Any], let chain = jwk["x5c"] as? [String], let first = chain.first,
                          let der = Data(base64Encoded: first) else { continue }
                    let id = method["id"] as? String ?? ""
                    let fragment = id.split(separator: "#").last.map(String.init) ?? ""
                    var padded = fragment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                    while padded.count % 4 != 0 { padded += "=" }
                    // The method id is the list's text: it names the certificate in notes, on one line.
                    blobs.append(("\((file as NSString).lastPathComponent) \(TerminalText.line(String(id.prefix(200))))", Array(der), Data(base64Encoded: padded).map(Array.init)))
                }
            }
        }
        return try DCCImport.store(blobs, into: store, from: files.joined(separator: ", "), adding: true, now: now)
    }

    /// Trusts the certificates `blobs` (each with the kid its list gives, else the EU DCC one).
    static func store(_ blobs: [(label: String, der: [UInt8], kid: [UInt8]?)], into store: VerifierStore, from folder: String, adding: Bool, now: Date) throws -> Outcome {
        var outcome = Outcome()
        var found = [DCCTrustList.Entry]()
        for (label, der, kid) in blobs {
            do {
                let certificate = try X509Certificate(der: der)
                if certificate.notAfter < Timestamps.epochSeconds(now) {
                    outcome.notes.append("note: \(label) expired on \(HumanTime.describe(certificate.notAfter)); credentials it signed have expired too")
                }
                found.append(DCCTrustList.Entry(kid: Data(kid ?? DCCTrustList.kid(der: der)), der: Data(der), source: label))
            } catch {
                outcome.notes.append("skipped \(label): \(error.description)")
            }
        }
        guard !found.isEmpty else { throw ImportRejection(.malformed, "\(folder) holds no usable DER or PEM signing certificate") }
        try store.changing {
            var list = try DCCTrustList.load(store)
            let before = Set(list.entries.map(\.der))
            var entries = adding ? list.entries : []
            for entry in found where !entries.contains(where: { $0.der == entry.der }) { entries.append(entry) }
            let after = Set(entries.map(\.der))
            list.entries = entries
            list.importedAt = Timestamps.epochSeconds(now)
            try list.save(store)
            let added = after.subtracting(before).count, removed = before.subtracting(after).count
            outcome.summary = "EU DCC signing certificates: \(entries.count) trusted (\(added) new, \(removed) no longer trusted, \(found.count) read from \(folder))"
        }
        return outcome
    }
}

/// PEM text (RFC 7468): the DER of every `CERTIFICATE` block.
enum PEM {
    /// The certificates in `data`, or `nil` when it is not PEM text.
    static func certificates(in data: Data) -> [[UInt8]]? {
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----") else { return nil }
        var blocks = [[UInt8]]()
        for part in text.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst() {
            guard let end = part.range(of: "-----END CERTIFICATE-----") else { continue }
            let body = part[..<end.lowerBound].filter { !$0.isWhitespace }
            if let der = Data(base64Encoded: String(body)) { blocks.append(Array(der)) }
        }
        return blocks
    }
}

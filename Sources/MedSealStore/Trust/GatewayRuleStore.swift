import Foundation
import MedSealEncoding
import MedSealModel

/// The business rules and value sets a checkpoint imported (`trust import-rules DIR`), kept
/// in the store as one sealed file, `business-rules` (checksummed, written atomically under
/// the store's lock). An import replaces the previous one whole, or changes nothing.
public struct GatewayRuleStore: Sendable {
    public let store: VerifierStore
    var path: String { store.folder + "/business-rules" }
    static let magic = "MSRULES1"
    static let repair = "import the rules again (medseal-verify trust import-rules DIR)"
    /// Largest rule or value-set file read.
    static let maximumFileBytes = 8 << 20

    public init(store: VerifierStore) { self.store = store }

    /// What an import took in.
    public struct Imported: Sendable {
        public let rules: Int
        public let valueSets: Int
        public let countries: [String]
    }

    /// Imports every Gateway rule (`Identifier`, `Logic` …) and value set (`valueSetId`,
    /// `valueSetValues`) in the JSON files under `folder`; other JSON files (tests, schemas)
    /// are passed over. A rule that does not read, or is not valid CertLogic, stops the import.
    public func importFolder(_ folder: String, now: Int64) throws(UserError) -> Imported {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { throw UserError(.io, "\(folder): no such folder") }
        var rules = [GatewayRule](), valueSets = [String: [String]]()
        let files = enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
        for file in files {
            let path = folder + "/" + file
            let bytes = [UInt8](try FileStore.read(path, limit: Self.maximumFileBytes))
            guard let value = try? LogicValue(json: bytes), case .object(let fields) = value else { continue }
            if fields["Identifier"] != nil && fields["Logic"] != nil {
                do { rules.append(try GatewayRule(value, name: path)) } catch { throw UserError(.input, error.description) }
            } else if case .string(let id)? = fields["valueSetId"], case .object(let values)? = fields["valueSetValues"] {
                valueSets[id] = values.keys.sorted()
            }
        }
        guard !rules.isEmpty else { throw UserError(.input, "\(folder) holds no Gateway rule (a JSON object with Identifier and Logic)") }
        let payload = CBOR.textMap([
            ("importedAt", .int(now)),
            ("rules", .array(rules.map { .text($0.source.json) })),
            ("valueSets", .textMap(valueSets.keys.sorted().map { ($0, .array(valueSets[$0]!.map(CBOR.text))) })),
        ])
        try FileStore.ensureFolder(store.folder)
        try FolderLock.withLock(store.folder) { () throws(UserError) in
            try FileStore.writeAtomically(Data(SealedFile.seal(CBORWriter.encode(payload), magic: Self.magic)), to: path)
        }
        return Imported(rules: rules.count, valueSets: valueSets.count, countries: Set(rules.map(\.country)).sorted())
    }

    /// The imported rules, or `nil` when none were imported.
    public func load() throws(UserError) -> GatewayRuleSet? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let payload = try SealedFile.open([UInt8](try FileStore.read(path, limit: DecodingLimits.maximumTrustFileBytes)), magic: Self.magic, path: path, repair: Self.repair)
        do throws(FormatError) {
            let fields = try CBORFields(try CBORReader.decode(payload, layer: "business rules"), layer: "business rules", known: ["importedAt", "rules", "valueSets"])
            var rules = [GatewayRule]()
            for item in try fields.array("rules") {
                guard case .text(let text) = item else { throw FormatError("business rules", "a rule is not text") }
                rules.append(try GatewayRule(try LogicValue(json: Array(text.utf8)), name: path))
            }
            var valueSets = [String: [String]]()
            if case .map(let entries) = try fields.value("valueSets") {
                for entry in entries {
                    guard case .text(let id) = entry.key, case .array(let codes) = entry.value else { continue }
                    valueSets[id] = codes.compactMap { if case .text(let code) = $0 { return code } else { return nil } }
                }
            }
            return GatewayRuleSet(rules: rules, valueSets: valueSets, importedAt: try fields.int("importedAt"))
        } catch {
            throw UserError(.damaged, "\(path) is damaged: \(error.description); \(Self.repair)")
        }
    }
}

import MedSealEncoding
import MedSealModel
import MedSealVerification

/// The verifier's compiled trust state on disk (`trust.index`), laid out so that a
/// verification reads only the keys with the token's kid:
///
///     "MSTRUST1" ‖ SHA-256(payload) ‖ payload
///     payload = u32 n ‖ n × (kid 8 ‖ u32 offset ‖ u32 length), sorted by kid
///               ‖ u32 m ‖ m bytes of CBOR {"roots": [...], "bundles": [...]}
///               ‖ key records (CBOR), at the offsets the table gives
///
/// The whole file is one atomic write, so roots, bundles and keys always agree.
public struct TrustIndex: Sendable {
    static let magic = "MSTRUST1"
    static let layer = "trust index"
    static let repair = "move it aside, then add the roots and keys again and re-import the bundles"
    private static let tableEntryLength = 16

    private let payload: [UInt8]
    private let keyCount: Int
    private let metadataRange: Range<Int>
    private let recordsStart: Int
    private let path: String
    /// Each trusted root's window, by kid: a bundle's key is trusted only within its root's
    /// window, even if the index was written before imports cut keys to it.
    private let rootWindows: [[UInt8]: ClosedRange<Int64>]

    /// The file's bytes for `state`.
    public static func encode(_ state: TrustState) -> [UInt8] {
        let sorted = state.keys.sorted { $0.key.kid.lexicographicallyPrecedes($1.key.kid) }
        var table = [UInt8](), records = [UInt8]()
        BigEndianBytes.append(UInt32(sorted.count), to: &table)
        for trusted in sorted {
            let record = CBORWriter.encode(trusted.cbor)
            table += trusted.key.kid
            BigEndianBytes.append(UInt32(records.count), to: &table)
            BigEndianBytes.append(UInt32(record.count), to: &table)
            records += record
        }
        let metadata = CBORWriter.encode(.textMap([("roots", .array(state.roots.map(\.cbor))), ("bundles", .array(state.bundles.map(\.cbor)))]))
        BigEndianBytes.append(UInt32(metadata.count), to: &table)
        return SealedFile.seal(table + metadata + records, magic: magic)
    }

    /// Opens an index file's bytes, checking its checksum and table.
    public init(fileBytes: [UInt8], path: String) throws(UserError) {
        let payload = try SealedFile.open(fileBytes, magic: TrustIndex.magic, path: path, repair: TrustIndex.repair, remedy: .rebuildTrustIndex)
        do throws(FormatError) {
            let count = Int(try BigEndianBytes.uint32(payload, at: 0, layer: TrustIndex.layer))
            let tableEnd = 4 + count * TrustIndex.tableEntryLength
            let metadataLength = Int(try BigEndianBytes.uint32(payload, at: tableEnd, layer: TrustIndex.layer))
            let range = (tableEnd + 4)..<(tableEnd + 4 + metadataLength)
            guard range.upperBound <= payload.count else { throw FormatError(TrustIndex.layer, "table runs past the end") }
            self.keyCount = count
            self.metadataRange = range
        } catch {
            throw UserError(.damaged, "\(path) is damaged: \(error.description); \(TrustIndex.repair)", remedy: .rebuildTrustIndex)
        }
        self.payload = payload
        self.recordsStart = metadataRange.upperBound
        self.path = path
        var windows = [[UInt8]: ClosedRange<Int64>]()
        for root in try Self.metadata(payload, metadataRange, path: path).roots { windows[root.key.kid] = root.key.windowSeconds }
        self.rootWindows = windows
    }

    /// The roots and bundle records in the metadata.
    private static func metadata(_ payload: [UInt8], _ range: Range<Int>, path: String) throws(UserError) -> (roots: [TrustedKey], bundles: [BundleRecord]) {
        var roots = [TrustedKey](), bundles = [BundleRecord]()
        do throws(FormatError) {
            let metadata = try CBORFields(try CBORReader.decode(Array(payload[range]), layer: TrustIndex.layer),
                                          layer: TrustIndex.layer, known: ["roots", "bundles"])
            for item in try metadata.array("roots") { roots.append(try TrustedKey(cbor: item, role: .root)) }
            for item in try metadata.array("bundles") { bundles.append(try BundleRecord(cbor: item)) }
        } catch {
            throw UserError(.damaged, "\(path) is damaged: \(error.description); \(TrustIndex.repair)", remedy: .rebuildTrustIndex)
        }
        return (roots, bundles)
    }

    /// Every key with this kid (normally one; two keys may share a kid).
    public func keys(kid: [UInt8]) throws(UserError) -> [TrustedKey] {
        var low = 0, high = keyCount
        while low < high {
            let middle = (low + high) / 2
            if kidAt(middle).lexicographicallyPrecedes(kid) { low = middle + 1 } else { high = middle }
        }
        var found = [TrustedKey]()
        var index = low
        while index < keyCount, kidAt(index).elementsEqual(kid) {
            if let trusted = try record(index) { found.append(trusted) }
            index += 1
        }
        return found
    }

    /// Decodes the whole state (for listing and for changing it).
    public func state() throws(UserError) -> TrustState {
        var state = TrustState()
        (state.roots, state.bundles) = try Self.metadata(payload, metadataRange, path: path)
        for index in 0..<keyCount {
            if let trusted = try record(index) { state.keys.append(trusted) }
        }
        return state
    }

    private func kidAt(_ index: Int) -> ArraySlice<UInt8> {
        let start = 4 + index * TrustIndex.tableEntryLength
        return payload[start..<start + 8]
    }

    /// The key record at `index`; a bundle's key cut to its root's window, and `nil` when its
    /// root is no longer trusted or nothing of its window is left.
    private func record(_ index: Int) throws(UserError) -> TrustedKey? {
        let entry = 4 + index * TrustIndex.tableEntryLength + 8
        do throws(FormatError) {
            let offset = Int(try BigEndianBytes.uint32(payload, at: entry, layer: TrustIndex.layer))
            let length = Int(try BigEndianBytes.uint32(payload, at: entry + 4, layer: TrustIndex.layer))
            let start = recordsStart + offset
            guard start + length <= payload.count else { throw FormatError(TrustIndex.layer, "key record \(index + 1) runs past the end") }
            let trusted = try TrustedKey(cbor: try CBORReader.decode(Array(payload[start..<start + length]), layer: TrustIndex.layer), role: .issuer)
            guard trusted.key.kid == Array(kidAt(index)) else { throw FormatError(TrustIndex.layer, "key record \(index + 1) is filed under the wrong kid") }
            guard case .bundle(let rootKid) = trusted.source else { return trusted }
            guard let window = rootWindows[rootKid], let key = trusted.key.limited(to: window) else { return nil }
            var limited = trusted
            limited.key = key
            return limited
        } catch {
            throw UserError(.damaged, "\(path) is damaged: \(error.description); \(TrustIndex.repair)", remedy: .rebuildTrustIndex)
        }
    }
}

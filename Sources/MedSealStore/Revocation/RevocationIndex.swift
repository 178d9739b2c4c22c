import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification

/// One issuer's revocation list as the verifier stores it, laid out for lookups without
/// reading the whole file: the file is memory-mapped and a lookup touches one block.
///
///     "MSREVOC1" ‖ SHA-256(header) ‖ header
///     header  = u32 m ‖ m bytes of CBOR {issuer, sequence, issuedAt, nextUpdate, importedAt,
///               signer, digest, count, blockSize} ‖ u32 b ‖ b × (first hash 8 ‖ checksum 8)
///     entries = count × (hash 8 ‖ reason 1), sorted by hash, in blocks of `blockSize`
///
/// Each block's checksum (8 bytes of its SHA-256) is checked the first time a lookup
/// touches it, so a damaged file is reported instead of silently trusting more.
public final class RevocationIndex: @unchecked Sendable {
    public let issuer: String
    public let sequence: Int64
    public let issuedAt: Int64
    public let nextUpdate: Int64
    /// When this verifier imported the list, seconds since 1970.
    public let importedAt: Int64
    /// The kid of the key that signed the list.
    public let signerKid: [UInt8]
    /// SHA-256 of the signed list file, to recognise the same list imported twice.
    public let digest: [UInt8]
    /// How many credentials the list names.
    public let count: Int

    static let magic = "MSREVOC1"
    static let blockSize = 1_024
    private static let fenceEntryLength = 16

    private let file: MappedFile
    private let path: String
    private let blockSize: Int
    private let blockCount: Int
    private let fenceStart: Int
    private let entriesStart: Int
    private let lock = NSLock()
    private var checkedBlocks: [Bool]

    /// The stored form of `list`.
    public static func encode(_ list: RevocationList, importedAt: Int64, signerKid: [UInt8], digest: [UInt8]) -> [UInt8] {
        let length = RevocationList.entryLength
        let metadata = CBORWriter.encode(.textMap([
            ("issuer", .text(list.issuer)), ("sequence", .int(list.sequence)), ("issuedAt", .int(list.issuedAt)),
            ("nextUpdate", .int(list.nextUpdate)), ("importedAt", .int(importedAt)), ("signer", .bytes(signerKid)),
            ("digest", .bytes(digest)), ("count", .int(Int64(list.count))), ("blockSize", .int(Int64(blockSize))),
        ]))
        var header = [UInt8]()
        BigEndianBytes.append(UInt32(metadata.count), to: &header)
        header += metadata
        let blocks = (list.count + blockSize - 1) / blockSize
        BigEndianBytes.append(UInt32(blocks), to: &header)
        list.entries.withUnsafeBytes { entries in
            for block in 0..<blocks {
                let start = block * blockSize * length
                let end = min(start + blockSize * length, entries.count)
                header += entries[start..<start + RevocationList.hashLength]
                header += Sodium.sha256(UnsafeRawBufferPointer(rebasing: entries[start..<end])).prefix(8)
            }
        }
        return Array(magic.utf8) + Sodium.sha256(header) + header + list.entries
    }

    /// Maps the stored list at `path`, checking its header; `nil` when there is none.
    public init?(path: String) throws(UserError) {
        guard let file = try MappedFile(path: path) else { return nil }
        self.file = file
        self.path = path
        let bytes = file.bytes
        func damaged(_ why: String) -> UserError {
            UserError(.damaged, "\(path) is damaged (\(why))", remedy: .reimportRevocationList)
        }
        guard bytes.count >= SealedFile.headerLength + 8, Array(bytes[0..<8]) == Array(RevocationIndex.magic.utf8) else {
            throw damaged("it does not start with \(RevocationIndex.magic)")
        }
        let headerStart = SealedFile.headerLength
        do throws(FormatError) {
            let metadataLength = Int(try BigEndianBytes.uint32(bytes, at: headerStart, layer: "revocation store"))
            let metadataEnd = headerStart + 4 + metadataLength
            let blocks = Int(try BigEndianBytes.uint32(bytes, at: metadataEnd, layer: "revocation store"))
            let fenceStart = metadataEnd + 4
            let entriesStart = fenceStart + blocks * RevocationIndex.fenceEntryLength
            guard entriesStart <= bytes.count else { throw FormatError("revocation store", "header runs past the end") }
            guard Sodium.sha256(UnsafeRawBufferPointer(rebasing: bytes[headerStart..<entriesStart])) == Array(bytes[8..<headerStart]) else {
                throw FormatError("revocation store", "header checksum does not match")
            }
            let fields = try CBORFields(try CBORReader.decode(Array(bytes[(headerStart + 4)..<metadataEnd]), layer: "revocation store"), layer: "revocation store",
                                        known: ["issuer", "sequence", "issuedAt", "nextUpdate", "importedAt", "signer", "digest", "count", "blockSize"])
            issuer = try fields.text("issuer")
            sequence = try fields.int("sequence")
            issuedAt = try fields.time("issuedAt")
            nextUpdate = try fields.time("nextUpdate")
            importedAt = try fields.time("importedAt")
            signerKid = try fields.bytes("signer")
            digest = try fields.bytes("digest")
            count = Int(try fields.int("count"))
            blockSize = Int(try fields.int("blockSize"))
            guard blockSize > 0, count >= 0, blocks == (count + blockSize - 1) / blockSize,
                  entriesStart + count * RevocationList.entryLength == bytes.count else {
                throw FormatError("revocation store", "entry count does not match the file's size")
            }
            self.blockCount = blocks
            self.fenceStart = fenceStart
            self.entriesStart = entriesStart
        } catch {
            throw damaged(error.reason)
        }
        checkedBlocks = [Bool](repeating: false, count: blockCount)
    }

    /// The reason the credential with entry hash `hash` is listed, or `nil`.
    public func reason(for hash: [UInt8]) throws(UserError) -> RevocationReason? {
        guard blockCount > 0 else { return nil }
        let bytes = file.bytes
        // The last block whose first hash is not greater than `hash`.
        var low = 0, high = blockCount
        hash.withUnsafeBytes { key in
            while low < high {
                let middle = (low + high) / 2
                if memcmp(bytes.baseAddress! + fenceStart + middle * RevocationIndex.fenceEntryLength, key.baseAddress!, RevocationList.hashLength) <= 0 {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
        }
        guard low > 0 else { return nil }
        let block = low - 1
        let range = try checkedBlock(block)
        let (index, found) = RevocationEntries.search(hash, in: UnsafeRawBufferPointer(rebasing: bytes[range]))
        guard found else { return nil }
        return RevocationReason(rawValue: bytes[range.lowerBound + index * RevocationList.entryLength + RevocationList.hashLength])
    }

    /// Checks every block (for `store check`).
    public func checkAllBlocks() throws(UserError) {
        for block in 0..<blockCount { _ = try checkedBlock(block) }
    }

    /// The byte range of `block`, after checking its checksum once.
    private func checkedBlock(_ block: Int) throws(UserError) -> Range<Int> {
        let length = RevocationList.entryLength
        let start = entriesStart + block * blockSize * length
        let end = min(start + blockSize * length, entriesStart + count * length)
        lock.lock()
        defer { lock.unlock() }
        if !checkedBlocks[block] {
            let bytes = file.bytes
            let expected = fenceStart + block * RevocationIndex.fenceEntryLength
            let sum = Sodium.sha256(UnsafeRawBufferPointer(rebasing: bytes[start..<end])).prefix(8)
            guard sum.elementsEqual(bytes[(expected + 8)..<(expected + 16)]), bytes[start..<start + 8].elementsEqual(bytes[expected..<expected + 8]) else {
                throw UserError(.damaged, "\(path) is damaged (block \(block + 1) of \(blockCount) does not match its checksum)", remedy: .reimportRevocationList)
            }
            checkedBlocks[block] = true
        }
        return start..<end
    }
}

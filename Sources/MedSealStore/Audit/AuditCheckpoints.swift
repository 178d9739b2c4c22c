import Foundation
import MedSealEncoding
import MedSealModel
#if canImport(Glibc)
import Glibc
#endif

/// The right edge of a Merkle tree: the roots of its perfect subtrees, largest first, from
/// which the next leaf and the root are computed without reading the leaves again.
public enum MerkleFrontier {
    public struct Subtree: Sendable, Hashable {
        public let size: Int
        public let hash: [UInt8]
    }

    static func append(_ leaf: [UInt8], to frontier: inout [Subtree]) {
        frontier.append(Subtree(size: 1, hash: leaf))
        while frontier.count >= 2, frontier[frontier.count - 1].size == frontier[frontier.count - 2].size {
            let right = frontier.removeLast(), left = frontier.removeLast()
            frontier.append(Subtree(size: left.size * 2, hash: MerkleTree.nodeHash(left.hash, right.hash)))
        }
    }

    /// The tree's root (RFC 9162's MTH): the subtree roots folded from the right.
    static func root(_ frontier: [Subtree]) -> [UInt8] {
        guard var root = frontier.last?.hash else { return Sodium.sha256([]) }
        for subtree in frontier.dropLast().reversed() { root = MerkleTree.nodeHash(subtree.hash, root) }
        return root
    }
}

/// A signed checkpoint of the audit log (after C2SP `tlog-checkpoint` and `signed-note`):
///
///     medseal-audit/<station kid>
///     <number of entries>
///     <root, base64>
///
///     — medseal-audit-station-<station kid> <base64 of key hash (4 bytes) ‖ Ed25519 signature>
///
/// The signature covers the three lines and their line feeds. Small enough for a QR code or a
/// printout, it is handed to the authority at the end of a shift: `audit check --against`
/// later proves the log still holds, unchanged, every entry the checkpoint covered.
public struct AuditCheckpoint: Sendable, Hashable {
    public let station: String
    public let size: Int
    public let root: [UInt8]

    static func name(_ station: String) -> String { "medseal-audit-station-" + station }
    var body: String { "medseal-audit/\(station)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    static func keyHash(name: String, publicKey: [UInt8]) -> [UInt8] { Array(Sodium.sha256(Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4)) }

    /// The checkpoint as signed text.
    func signed(by key: AuditStationKey) -> String {
        let signature = AuditCheckpoint.keyHash(name: AuditCheckpoint.name(station), publicKey: key.publicKey) + key.sign(Array(body.utf8))
        return body + "\n\u{2014} \(AuditCheckpoint.name(station)) \(Data(signature).base64EncodedString())\n"
    }

    /// Reads a signed checkpoint, checking its signature with `publicKey`.
    public init(text: String, publicKey: [UInt8]) throws(FormatError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 5, lines[0].hasPrefix("medseal-audit/"), let size = Int(lines[1]), size >= 0,
              let root = Data(base64Encoded: lines[2]), root.count == 32, lines[3].isEmpty else {
            throw FormatError("checkpoint", "not a MedSeal audit checkpoint (origin, size, root, a blank line, a signature)")
        }
        let station = String(lines[0].dropFirst("medseal-audit/".count))
        let parts = lines[4].split(separator: " ")
        guard parts.count == 3, parts[0] == "\u{2014}", parts[1] == AuditCheckpoint.name(station),
              let signature = Data(base64Encoded: String(parts[2])), signature.count == 68 else {
            throw FormatError("checkpoint", "its signature line is not \u{2014} \(AuditCheckpoint.name(station)) <base64>")
        }
        self.station = station
        self.size = size
        self.root = Array(root)
        guard Array(signature.prefix(4)) == AuditCheckpoint.keyHash(name: AuditCheckpoint.name(station), publicKey: publicKey),
              Sodium.ed25519Verify(Array(signature.dropFirst(4)), message: Array(body.utf8), publicKey: publicKey) else {
            throw FormatError("checkpoint", "it is not signed by this station's key: it was made elsewhere or changed")
        }
    }

    init(station: String, size: Int, root: [UInt8]) {
        self.station = station
        self.size = size
        self.root = root
    }
}

extension AuditLog {
    /// The frontier for the first `count` entries: the head's, when it covers them, else built
    /// from the log's lines (a log written before the Merkle tree, once).
    func frontier(_ descriptor: Int32, count: Int64, end: Int) throws(UserError) -> [MerkleFrontier.Subtree] {
        if let head = try? readSignedHead(), head.count == count, let frontier = head.frontier { return frontier }
        var frontier = [MerkleFrontier.Subtree]()
        guard end > 0 else { return frontier }
        var buffer = [UInt8](repeating: 0, count: end)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, end, 0) }
        guard read == end else { throw UserError(.io, "\(path): cannot read the audit log") }
        for line in buffer.split(separator: 0x0A) { MerkleFrontier.append(MerkleTree.leafHash(line), to: &frontier) }
        return frontier
    }

    /// The leaf hashes of every complete entry, in order.
    func leaves() throws(UserError) -> [[UInt8]] {
        guard FileManager.default.fileExists(atPath: path) else { throw UserError(.io, "\(path): no audit log here") }
        var bytes = [UInt8](try FileStore.read(path, limit: 1 << 30))
        if let last = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((last + 1)...) } else { bytes = [] }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { MerkleTree.leafHash($0) }
    }

    /// A checkpoint of the log as its signed head records it, signed by the station key.
    public func checkpoint() throws(UserError) -> String {
        guard let station = try AuditStationKey.load(path: keyPath) else { throw UserError(.io, "\(keyPath): no station key: nothing was logged here yet") }
        let head: (count: Int64, last: String, station: String?, frontier: [MerkleFrontier.Subtree]?)
        do { head = try readSignedHead() } catch { throw UserError(.damaged, "\(headPath): \(error)", remedy: .checkAuditLog) }
        guard let frontier = head.frontier else {
            throw UserError(.io, "\(path): the head has no Merkle tree yet (written by an earlier version); the next entry adds it")
        }
        return AuditCheckpoint(station: station.kidHex, size: Int(head.count), root: MerkleFrontier.root(frontier)).signed(by: station)
    }

    /// Whether the log still holds, unchanged, every entry `checkpointText` covered: its
    /// signature by this station's key, then a consistency proof from it to the log as it is.
    /// One line per problem; empty when the log extends the checkpoint.
    public func check(against checkpointText: String) throws(UserError) -> [String] {
        guard let station = try AuditStationKey.load(path: keyPath) else { return ["\(keyPath): the station key is missing, so the checkpoint cannot be checked"] }
        let checkpoint: AuditCheckpoint
        do { checkpoint = try AuditCheckpoint(text: checkpointText, publicKey: station.publicKey) } catch { return ["checkpoint: \(error.description)"] }
        guard checkpoint.station == station.kidHex else { return ["the checkpoint is of station \(checkpoint.station), this log's key is \(station.kidHex)"] }
        let leaves = try self.leaves()
        guard checkpoint.size <= leaves.count else {
            return ["the checkpoint covered \(checkpoint.size) entries, the log now holds \(leaves.count): entries were removed"]
        }
        guard checkpoint.size > 0 else { return [] }
        let proof = MerkleTree.consistencyProof(from: checkpoint.size, leaves[...])
        guard MerkleTree.verifyConsistency(first: checkpoint.size, second: leaves.count, firstRoot: checkpoint.root, secondRoot: MerkleTree.root(leaves[...]), proof: proof) else {
            return ["the log does not extend the checkpoint: some of its first \(checkpoint.size) entries were changed, removed or reordered"]
        }
        return []
    }

    /// The inclusion proof of entry `number` (1-based) in the log as it is: its leaf, the
    /// tree's size and root, and the audit path, checked before it is returned.
    public func inclusionProof(entry number: Int) throws(UserError) -> (leaf: [UInt8], size: Int, root: [UInt8], path: [[UInt8]]) {
        let leaves = try self.leaves()
        guard (1...max(1, leaves.count)).contains(number), number <= leaves.count else { throw UserError(.usage, "the log has \(leaves.count) entries; there is no entry \(number)") }
        let root = MerkleTree.root(leaves[...]), path = MerkleTree.inclusionProof(number - 1, leaves[...])
        guard MerkleTree.verifyInclusion(leaf: leaves[number - 1], index: number - 1, size: leaves.count, proof: path, root: root) else {
            throw UserError(.damaged, "the inclusion proof of entry \(number) does not verify")
        }
        return (leaves[number - 1], leaves.count, root, path)
    }
}

import Foundation
import Testing
@testable import MedSealEncoding
@testable import MedSealModel
@testable import MedSealVerification
@testable import MedSealStore

/// The audit log's Merkle tree (RFC 9162) and signed checkpoints: every inclusion and
/// consistency proof of trees up to 40 leaves verifies and no changed one does, the head's
/// frontier gives the same root as the whole tree, and a log rewritten by someone holding the
/// station key, chain and head recomputed, still fails against a checkpoint taken before.
@Suite("Audit log Merkle tree and checkpoints")
struct MerkleAuditTests {
    static let leaves = (0..<40).map { MerkleTree.leafHash(Array("entry \($0)".utf8)) }

    @Test func everyInclusionProofVerifiesAndNoChangedOneDoes() {
        for size in 1...MerkleAuditTests.leaves.count {
            let tree = MerkleAuditTests.leaves.prefix(size)
            let root = MerkleTree.root(tree)
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index, tree)
                #expect(MerkleTree.verifyInclusion(leaf: tree[index], index: index, size: size, proof: proof, root: root), "\(index) of \(size)")
                #expect(!MerkleTree.verifyInclusion(leaf: MerkleTree.leafHash([0xFF]), index: index, size: size, proof: proof, root: root))
                if size > 1 { #expect(!MerkleTree.verifyInclusion(leaf: tree[index], index: (index + 1) % size, size: size, proof: proof, root: root)) }
            }
        }
    }

    @Test func everyConsistencyProofVerifiesAndNoChangedOneDoes() {
        let all = MerkleAuditTests.leaves
        for second in 1...all.count {
            for first in 1...second {
                let proof = MerkleTree.consistencyProof(from: first, all.prefix(second))
                let firstRoot = MerkleTree.root(all.prefix(first)), secondRoot = MerkleTree.root(all.prefix(second))
                #expect(MerkleTree.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, proof: proof), "\(first) → \(second)")
                // A first tree with one leaf changed is not extended by the second.
                var changed = Array(all.prefix(first))
                changed[first / 2] = MerkleTree.leafHash([0xFF])
                #expect(!MerkleTree.verifyConsistency(first: first, second: second, firstRoot: MerkleTree.root(changed[...]), secondRoot: secondRoot, proof: proof))
            }
        }
    }

    @Test func theFrontierGivesTheTreesRoot() {
        var frontier = [MerkleFrontier.Subtree]()
        for (index, leaf) in MerkleAuditTests.leaves.enumerated() {
            MerkleFrontier.append(leaf, to: &frontier)
            #expect(MerkleFrontier.root(frontier) == MerkleTree.root(MerkleAuditTests.leaves.prefix(index + 1)))
        }
    }

    @Test func aLogRewrittenWithTheStationKeyStillFailsAgainstAnEarlierCheckpoint() throws {
        let log = try AuditLogTests.log(entries: 12)
        let checkpoint = try log.checkpoint()
        #expect(try log.check(against: checkpoint).isEmpty)
        // More entries: the checkpoint is still extended.
        try log.append([AuditRecord(time: 1_780_001_000, operatorName: "Desk 9", mode: "scan", result: .failure(.malformed, "x"), profile: nil)])
        #expect(try log.check(against: checkpoint).isEmpty)
        #expect(try log.check().problems.isEmpty)
        // Someone with the station key rewrites entry 3, recomputes every hash of the chain and
        // re-signs the head: the chain and head check clean, the checkpoint does not.
        var lines = try AuditLogTests.lines(log)
        var previous = AuditLog.genesis
        for index in lines.indices {
            var object = JSONTape.object(lines[index].utf8)!
            if index == 2 { object["operator"] = "Nobody" }
            object["prev"] = previous
            var fields = [String: JSONValue]()
            for (key, value) in object { fields[key] = JSONValue(any: value)! }
            fields["hash"] = nil
            let hash = AuditLog.hash(fields)
            fields["hash"] = .string(hash)
            lines[index] = JSONText.object(fields)
            previous = hash
        }
        try FileManager.default.removeItem(atPath: log.path + ".head")
        try AuditLogTests.write(lines, to: log)
        let station = try #require(try AuditStationKey.load(path: log.keyPath))
        var frontier = [MerkleFrontier.Subtree]()
        for line in lines { MerkleFrontier.append(MerkleTree.leafHash(Array(line.utf8)), to: &frontier) }
        let head = CBORWriter.encode(.textMap([("count", .int(Int64(lines.count))), ("last", .text(previous)), ("station", .bytes(station.publicKey)),
                                               ("frontier", .array(frontier.map { .array([.int(Int64($0.size)), .bytes($0.hash)]) })), ("root", .bytes(MerkleFrontier.root(frontier)))]))
        let signed = CBORWriter.encode(.textMap([("head", .bytes(head)), ("signature", .bytes(station.sign(AuditLog.headContext + head)))]))
        try FileStore.writeAtomically(Data(SealedFile.seal(signed, magic: AuditLog.signedHeadMagic)), to: log.path + ".head", mode: 0o600)
        #expect(try log.check().problems.isEmpty, "the rewrite is consistent by itself")
        #expect(try log.check(against: checkpoint) == ["the log does not extend the checkpoint: some of its first 12 entries were changed, removed or reordered"])
        // A checkpoint changed by hand does not verify.
        let forged = checkpoint.replacingOccurrences(of: "\n12\n", with: "\n11\n")
        #expect(try log.check(against: forged).first?.contains("not signed by this station's key") == true)
    }
}

import MedSealEncoding

/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1) over the audit log's
/// entries: leaf hash SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right). A
/// checkpoint (the tree's size and root, signed) then commits to every entry before it; an
/// inclusion proof shows one entry is in the tree, a consistency proof that a later tree
/// still holds an earlier one unchanged.
public enum MerkleTree {
    public static func leafHash(_ entry: some Collection<UInt8>) -> [UInt8] { Sodium.sha256([0] + Array(entry)) }
    static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] { Sodium.sha256([1] + left + right) }

    /// The largest power of two below `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The root of the tree over `leaves` (leaf hashes); SHA-256 of nothing when empty.
    public static func root(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return Sodium.sha256([])
        case 1: return leaves.first!
        default:
            let k = split(leaves.count)
            return nodeHash(root(leaves.prefix(k)), root(leaves.dropFirst(k)))
        }
    }

    /// The audit path of leaf `index` in the tree over `leaves`.
    public static func inclusionProof(_ index: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        if index < k { return inclusionProof(index, leaves.prefix(k)) + [root(leaves.dropFirst(k))] }
        return inclusionProof(index - k, leaves.dropFirst(k)) + [root(leaves.prefix(k))]
    }

    /// Whether `proof` shows `leaf` at `index` in a tree of `size` with `root` (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leaf: [UInt8], index: Int, size: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1, r = leaf
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 { while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 } }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// The consistency proof from the first `size` leaves to all of `leaves` (RFC 9162 §2.1.4.1).
    public static func consistencyProof(from size: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard size > 0, size <= leaves.count else { return [] }
        return subproof(size, leaves, complete: true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = split(n)
        if m <= k { return subproof(m, leaves.prefix(k), complete: complete) + [root(leaves.dropFirst(k))] }
        return subproof(m - k, leaves.dropFirst(k), complete: false) + [root(leaves.prefix(k))]
    }

    /// Whether `proof` shows that the tree of `second` leaves with `secondRoot` extends the tree
    /// of `first` leaves with `firstRoot` (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(first: Int, second: Int, firstRoot: [UInt8], secondRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard first > 0, first <= second else { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = first - 1, sn = second - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 { while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 } }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == firstRoot && sr == secondRoot
    }
}

/// The vocabulary's folded entries as a trie of scalars, for the packer: from each position of
/// a text it follows the text while some entry goes on that way, instead of making and hashing
/// every prefix as a string. It finds exactly the entries the folded-text index finds.
struct VocabularyTrie: Sendable {
    /// Edges, keyed by the node they leave (shifted past 21 bits) and the scalar they take.
    private var edges: [Int: Int32] = [:]
    /// For each node, the entry that ends there, or -1.
    private var entries: [Int32] = [-1]

    /// The node every walk starts from.
    static let root = 0

    /// A trie of `index`'s texts, each leading to its entry.
    init(_ index: [String: Int]) {
        edges.reserveCapacity(index.count * 4)
        for (text, entry) in index {
            var node = Self.root
            for scalar in text.unicodeScalars {
                let edge = node << 21 | Int(scalar.value)
                if let next = edges[edge] {
                    node = Int(next)
                } else {
                    entries.append(-1)
                    node = entries.count - 1
                    edges[edge] = Int32(node)
                }
            }
            entries[node] = Int32(entry)
        }
    }

    /// The node `scalar` leads to from `node`, when some entry goes on that way.
    func next(_ node: Int, _ scalar: Unicode.Scalar) -> Int? {
        edges[node << 21 | Int(scalar.value)].map(Int.init)
    }

    /// The entry that ends at `node`, if one does.
    func entry(at node: Int) -> Int? {
        entries[node] >= 0 ? Int(entries[node]) : nil
    }
}

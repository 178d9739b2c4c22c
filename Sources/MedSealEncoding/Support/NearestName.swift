/// The known name a mistyped one most likely meant, for "did you mean" hints (a misspelt
/// field of an input file, command or option).
public enum NearestName {
    /// The name in `names` that `name` is most likely a misspelling of: a different case, or
    /// within a third of its length in edits, or (for names of five letters or more) one that
    /// starts with the same five; `nil` when none is that close.
    public static func to(_ name: String, among names: [String]) -> String? {
        let lower = name.lowercased()
        if let sameLetters = names.first(where: { $0.lowercased() == lower }) { return sameLetters }
        let limit = max(1, name.count / 3)
        let near = names.map { ($0, editDistance(lower, $0.lowercased())) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
        return near ?? names.first { lower.count >= 5 && $0.lowercased().hasPrefix(lower.prefix(5)) }
    }

    /// The edit distance between two texts, in characters: insertions, deletions, changes, and
    /// swaps of two neighbours (`trsut` → `trust`), each one edit (optimal string alignment).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }
}

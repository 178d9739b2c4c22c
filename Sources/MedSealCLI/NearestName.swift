/// The known name a mistyped one most likely meant, for "did you mean" hints.
enum NearestName {
    /// The name of `candidates` within two edits of `typed` (insertions, deletions, changes and
    /// swaps of neighbours), the closest first; `nil` when none is that close.
    static func to(_ typed: String, among candidates: [String]) -> String? {
        let best = candidates.map { ($0, distance(Array(typed.lowercased()), Array($0.lowercased()))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= min(2, max(1, typed.count / 3)) else { return nil }
        return best.0
    }

    /// The optimal string alignment distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }
}

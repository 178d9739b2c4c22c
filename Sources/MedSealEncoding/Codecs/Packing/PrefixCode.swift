/// A canonical prefix code (a Huffman code written the way RFC 1951 §3.2.2 assigns codes)
/// over the symbols `0 ..< n`.
///
/// It is built from symbol weights by a fixed procedure, so that every implementation that
/// starts from the same weights gets the same code: the two lightest trees are merged first,
/// a tie going to the tree made earlier (leaves count as made in symbol order, before any
/// merged tree); a code longer than ``maximumLength`` halves every weight (rounding up) and
/// starts again. Codes are then given by length, and within a length by symbol.
public struct PrefixCode: Sendable {
    /// The longest code allowed.
    public static let maximumLength = 24

    /// Each symbol's code length in bits (0 for a symbol that has none: only with one symbol).
    public let lengths: [UInt8]
    private let codes: [UInt32]
    /// Symbols ordered by (length, symbol), and per length the first code and its index there.
    private let sortedSymbols: [UInt16]
    private let firstCode: [UInt32]
    private let firstIndex: [Int]
    private let countOfLength: [Int]
    /// For every `tableBits`-bit prefix: symbol << 8 | length of the code it starts with, or 0
    /// when that code is longer.
    let table: [UInt32]
    public static let tableBits = 10

    /// The code for symbols with these weights (each at least 1).
    public init(weights: [UInt64]) {
        self.init(lengths: PrefixCode.lengths(for: weights))
    }

    /// The code with these lengths (a complete or incomplete prefix code).
    public init(lengths: [UInt8]) {
        self.lengths = lengths
        var countOfLength = [Int](repeating: 0, count: PrefixCode.maximumLength + 1)
        for length in lengths where length > 0 { countOfLength[Int(length)] += 1 }
        var firstCode = [UInt32](repeating: 0, count: PrefixCode.maximumLength + 2)
        var firstIndex = [Int](repeating: 0, count: PrefixCode.maximumLength + 2)
        var code: UInt32 = 0, index = 0
        for length in 1...PrefixCode.maximumLength {
            code = (code + UInt32(countOfLength[length - 1])) << 1
            if length == 1 { code = 0 }
            firstCode[length] = code
            firstIndex[length] = index
            index += countOfLength[length]
        }
        let sorted = lengths.indices.filter { lengths[$0] > 0 }.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
        var codes = [UInt32](repeating: 0, count: lengths.count)
        var next = firstCode
        for symbol in sorted {
            let length = Int(lengths[symbol])
            codes[symbol] = next[length]
            next[length] += 1
        }
        self.codes = codes
        self.sortedSymbols = sorted.map { UInt16($0) }
        self.firstCode = firstCode
        self.firstIndex = firstIndex
        self.countOfLength = countOfLength
        var table = [UInt32](repeating: 0, count: 1 << PrefixCode.tableBits)
        for symbol in lengths.indices where lengths[symbol] > 0 && Int(lengths[symbol]) <= PrefixCode.tableBits {
            let length = Int(lengths[symbol])
            let first = Int(codes[symbol]) << (PrefixCode.tableBits - length)
            for index in first..<(first + (1 << (PrefixCode.tableBits - length))) { table[index] = UInt32(symbol) << 8 | UInt32(length) }
        }
        self.table = table
    }

    /// Writes `symbol`'s code.
    public func write(_ symbol: Int, to writer: inout BitWriter) {
        writer.write(UInt64(codes[symbol]), width: Int(lengths[symbol]))
    }

    /// Reads one symbol: a table lookup for codes of up to ``tableBits`` bits, bit by bit beyond.
    @inline(__always)
    public func read(from reader: inout BitReader) throws(FormatError) -> Int {
        let entry = table[Int(reader.peek(PrefixCode.tableBits))]
        if entry != 0 {
            try reader.consume(Int(entry & 0xFF))
            return Int(entry >> 8)
        }
        return try readLong(from: &reader)
    }

    private func readLong(from reader: inout BitReader) throws(FormatError) -> Int {
        var code: UInt32 = 0
        for length in 1...PrefixCode.maximumLength {
            code = (code << 1) | (try reader.readBit())
            let offset = code &- firstCode[length]
            if offset < UInt32(countOfLength[length]) { return Int(sortedSymbols[firstIndex[length] + Int(offset)]) }
        }
        throw FormatError(reader.layer, "a bit sequence that is no code", at: reader.position / 8)
    }

    /// Code lengths for `weights` by the procedure described on the type.
    static func lengths(for weights: [UInt64]) -> [UInt8] {
        precondition(!weights.isEmpty)
        guard weights.count > 1 else { return [1] }
        var weights = weights.map { max($0, 1) }
        while true {
            let lengths = huffmanLengths(weights)
            if lengths.allSatisfy({ Int($0) <= maximumLength }) { return lengths }
            weights = weights.map { ($0 + 1) / 2 }
        }
    }

    /// Huffman code lengths by the two-queue method: leaves sorted by (weight, symbol), merged
    /// trees in the order they are made (their weights never decrease), and at each step the
    /// lighter head of the two, a leaf on a tie: the same choice as always merging the two
    /// lightest trees with ties going to the tree made earlier.
    private static func huffmanLengths(_ weights: [UInt64]) -> [UInt8] {
        let count = weights.count
        let leaves = (0..<count).sorted { (weights[$0], $0) < (weights[$1], $1) }
        var mergedWeight = [UInt64](), parent = [Int](repeating: -1, count: 2 * count - 1)
        mergedWeight.reserveCapacity(count)
        var nextLeaf = 0, nextMerged = 0
        // Nodes: leaves are 0 ..< count (by symbol), merged trees count ..< 2·count − 1.
        func takeLightest() -> Int {
            if nextLeaf < count, nextMerged >= mergedWeight.count || weights[leaves[nextLeaf]] <= mergedWeight[nextMerged] {
                defer { nextLeaf += 1 }
                return leaves[nextLeaf]
            }
            defer { nextMerged += 1 }
            return count + nextMerged
        }
        func weight(_ node: Int) -> UInt64 { node < count ? weights[node] : mergedWeight[node - count] }
        for _ in 0..<(count - 1) {
            let first = takeLightest(), second = takeLightest()
            let node = count + mergedWeight.count
            mergedWeight.append(weight(first) + weight(second))
            parent[first] = node
            parent[second] = node
        }
        // Depths from the root (the last tree made) down.
        var depth = [Int](repeating: 0, count: 2 * count - 1)
        for node in stride(from: 2 * count - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        return (0..<count).map { UInt8(min(depth[$0], 255)) }
    }
}

/// Elias gamma code of `n + 1`: 0 is `1`, 1 is `010`, 2 is `011`, 3 is `00100` … Used for
/// counts and lengths, which are mostly small.
public enum GammaCode {
    public static func write(_ n: UInt64, to writer: inout BitWriter) {
        // n + 1 may need 65 bits (n = UInt64.max is never written: limits are lower).
        let value = n &+ 1
        let width = 64 - value.leadingZeroBitCount
        var zeros = width - 1
        while zeros > 0 {
            writer.write(0, width: min(zeros, 32))
            zeros -= min(zeros, 32)
        }
        if width > 32 {
            writer.write(value >> 32, width: width - 32)
            writer.write(value & 0xFFFF_FFFF, width: 32)
        } else {
            writer.write(value, width: width)
        }
    }

    /// Bits the code of `n` takes.
    public static func bitCount(_ n: UInt64) -> Int { 2 * (64 - (n + 1).leadingZeroBitCount) - 1 }

    /// Reads a number, refusing one above `limit`.
    public static func read(from reader: inout BitReader, limit: UInt64) throws(FormatError) -> UInt64 {
        var zeros = 0
        while try reader.readBit() == 0 {
            zeros += 1
            guard zeros < 64 else { throw FormatError(reader.layer, "a count longer than 64 bits", at: reader.position / 8) }
        }
        let value = (UInt64(1) << UInt64(zeros)) | (try reader.read(width: zeros))
        guard value - 1 <= limit else { throw FormatError(reader.layer, "a count of \(value - 1) is more than \(limit)", at: reader.position / 8) }
        return value - 1
    }
}

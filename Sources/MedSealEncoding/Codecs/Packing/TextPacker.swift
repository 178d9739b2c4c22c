/// Packs one text into bits with a ``TextModel`` (``PackedCBORReader`` reads it back).
///
/// A text is a sequence of symbols ended by `end`: a vocabulary word (`word`, `capitalWord`,
/// `titleWord` or `upperWord`, then one bit that says common or not and the entry's index in
/// ``TextModel/commonIndexWidth`` or ``TextModel/rareIndexWidth`` bits), a literal character, or
/// a scalar outside the literal alphabet (`escape` and its 21 bits, or `nearEscape` and the low
/// 7 bits of a scalar in the same block of 128 as the last escaped one, for scripts such as
/// Greek or Arabic), or `copy`: a run of at least 4 scalars that earlier texts of the message
/// hold (its length less 4 in ``GammaCode``, then where it starts, counted back from the end of
/// what was written, in as many bits as it takes to number the scalars written so far). A
/// contact who shares the patient's family name costs a reference. The packer chooses the
/// cheapest sequence by dynamic programming.
struct TextPacker {
    let model: TextModel
    /// The last escaped scalar, carried from text to text within one message.
    var lastEscaped: UInt32?
    /// The scalars of the message's texts so far, for copies (as the packer sees them).
    var history: [Unicode.Scalar] = []
    /// For each scalar of `history`, where its text ends: a copy stays inside one text.
    var historyTextEnds: [Int] = []
    /// Where in `history` each run of ``shortestCopy`` scalars inside one text starts, in
    /// order: the only places a copy can start.
    var runStarts: [Run: [Int]] = [:]
    static let shortestCopy = 4

    /// ``shortestCopy`` scalars.
    struct Run: Hashable {
        let first, second, third, fourth: UInt32
        init(_ scalars: [Unicode.Scalar], at start: Int) {
            (first, second, third, fourth) = (scalars[start].value, scalars[start + 1].value, scalars[start + 2].value, scalars[start + 3].value)
        }
    }

    init(model: TextModel) { self.model = model }

    private enum Step {
        case literal(Int)
        case escaped(UInt32)
        case word(index: Int, symbol: TextModel.Symbol, length: Int)
        case copy(distance: Int, length: Int)
    }

    mutating func write(_ text: String, to writer: inout BitWriter) {
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        let codes = model.codes, trie = model.entryTrie
        var context = 0
        func bits(_ symbol: Int) -> Int { Int(codes[context].lengths[symbol]) }
        var best = [Int](repeating: Int.max, count: count + 1)
        var step = [Step?](repeating: nil, count: count + 1)
        best[0] = 0
        let folded = scalars.map { TextModel.lowerCase($0) ?? $0 }
        var previousEscape: UInt32? = lastEscaped
        var escapeBefore = [UInt32?](repeating: nil, count: count + 1)
        for position in 0..<count {
            escapeBefore[position] = previousEscape
            if model.literalIndex[scalars[position].value] == nil { previousEscape = scalars[position].value }
        }
        for position in 0..<count where best[position] != Int.max {
            let scalar = scalars[position]
            context = TextModel.context(after: position == 0 ? nil : scalars[position - 1])
            // One character.
            let literalCost: Int
            let literalStep: Step
            if let symbol = model.literalIndex[scalar.value] {
                literalCost = bits(symbol)
                literalStep = .literal(symbol)
            } else {
                let near = escapeBefore[position].map { $0 >> 7 == scalar.value >> 7 } ?? false
                literalCost = near ? bits(TextModel.Symbol.nearEscape.rawValue) + 7 : bits(TextModel.Symbol.escape.rawValue) + 21
                literalStep = .escaped(scalar.value)
            }
            if best[position] + literalCost < best[position + 1] {
                best[position + 1] = best[position] + literalCost
                step[position + 1] = literalStep
            }
            // A run that earlier texts hold: the longest, nearest (among the places whose first
            // scalars match; any other gives a run too short to copy).
            if position + TextPacker.shortestCopy <= count, let starts = runStarts[Run(scalars, at: position)] {
                var bestLength = 0, bestDistance = 0
                for start in starts.reversed() {
                    var length = 0
                    let textEnd = historyTextEnds[start]
                    while position + length < count, start + length < textEnd, history[start + length] == scalars[position + length] { length += 1 }
                    if length > bestLength { bestLength = length; bestDistance = history.count - start }
                }
                if bestLength >= TextPacker.shortestCopy {
                    let cost = bits(TextModel.Symbol.copy.rawValue) + GammaCode.bitCount(UInt64(bestLength - TextPacker.shortestCopy)) + TextModel.width(for: history.count)
                    for length in TextPacker.shortestCopy...bestLength where best[position] + cost < best[position + length] {
                        best[position + length] = best[position] + cost
                        step[position + length] = .copy(distance: bestDistance, length: length)
                    }
                }
            }
            // A vocabulary entry starting here: the trie is followed while some entry goes on.
            var node = VocabularyTrie.root
            for length in 1...max(1, min(model.longestEntry, count - position)) {
                guard let next = trie.next(node, folded[position + length - 1]) else { break }
                node = next
                guard length >= 2, let index = trie.entry(at: node) else { continue }
                guard let symbol = caseSymbol(of: scalars[position..<(position + length)], entry: index) else { continue }
                let cost = bits(symbol.rawValue) + 1 + (index < model.commonCount ? model.commonIndexWidth : model.rareIndexWidth)
                if best[position] + cost < best[position + length] {
                    best[position + length] = best[position] + cost
                    step[position + length] = .word(index: index, symbol: symbol, length: length)
                }
            }
        }
        var steps = [Step]()
        var position = count
        while position > 0, let last = step[position] {
            steps.append(last)
            switch last {
            case .literal, .escaped: position -= 1
            case .word(_, _, let length), .copy(_, let length): position -= length
            }
        }
        position = 0
        for chosen in steps.reversed() {
            let code = codes[TextModel.context(after: position == 0 ? nil : scalars[position - 1])]
            switch chosen {
            case .literal, .escaped: position += 1
            case .word(_, _, let length), .copy(_, let length): position += length
            }
            switch chosen {
            case .literal(let symbol): code.write(symbol, to: &writer)
            case .escaped(let value):
                if let last = lastEscaped, last >> 7 == value >> 7 {
                    code.write(TextModel.Symbol.nearEscape.rawValue, to: &writer)
                    writer.write(UInt64(value & 0x7F), width: 7)
                } else {
                    code.write(TextModel.Symbol.escape.rawValue, to: &writer)
                    writer.write(UInt64(value), width: 21)
                }
                lastEscaped = value
            case .word(let index, let symbol, _):
                code.write(symbol.rawValue, to: &writer)
                if index < model.commonCount {
                    writer.write(0, width: 1)
                    writer.write(UInt64(index), width: model.commonIndexWidth)
                } else {
                    writer.write(1, width: 1)
                    writer.write(UInt64(index - model.commonCount), width: model.rareIndexWidth)
                }
            case .copy(let distance, let length):
                code.write(TextModel.Symbol.copy.rawValue, to: &writer)
                GammaCode.write(UInt64(length - TextPacker.shortestCopy), to: &writer)
                writer.write(UInt64(distance - 1), width: TextModel.width(for: history.count))
            }
        }
        codes[TextModel.context(after: scalars.last)].write(TextModel.Symbol.end.rawValue, to: &writer)
        let textStart = history.count
        history += scalars
        historyTextEnds += [Int](repeating: history.count, count: scalars.count)
        for start in stride(from: textStart, through: history.count - TextPacker.shortestCopy, by: 1) {
            runStarts[Run(history, at: start), default: []].append(start)
        }
    }

    /// The case symbol that writes `segment` as entry `index`, if one does.
    private func caseSymbol(of segment: ArraySlice<Unicode.Scalar>, entry index: Int) -> TextModel.Symbol? {
        let utf8 = Array(String(String.UnicodeScalarView(segment)).utf8)
        let symbols: [TextModel.Symbol] = [.word, .capitalWord, .titleWord, .upperWord]
        for letterCase in 0..<4 {
            if let spelling = model.spellings.spelling(index, letterCase), spelling.elementsEqual(utf8) { return symbols[letterCase] }
        }
        return nil
    }
}

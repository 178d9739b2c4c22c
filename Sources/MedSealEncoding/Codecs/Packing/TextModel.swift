import Synchronization

/// What packed text is coded with: a vocabulary of lower-case words and phrases, and a prefix
/// code over the text symbols (end of text, a vocabulary word in one of three letter cases,
/// (a capital at the start, or at the start of each word), a character of the literal alphabet, or an escaped Unicode scalar).
///
/// Everything is derived from the vocabulary by fixed rules, so a vocabulary version fixes the
/// whole code: each literal character weighs 1 plus how often it occurs in the vocabulary
/// (capitals a quarter of their small letter), and the other symbols weigh fixed shares of the
/// vocabulary's letter count (see ``symbolWeights``).
public final class TextModel: Sendable {
    /// The vocabulary as written (mostly lower case; brand names as their makers write them),
    /// in order: the first ``commonCount`` are the common words.
    public let entries: [String]
    /// Entries coded with the short index.
    public let commonCount: Int
    /// The literal alphabet after the fixed symbols.
    public let literals: [Unicode.Scalar]
    /// The codes over ``Symbol``s and literals, one for each ``context(after:)``.
    public let codes: [PrefixCode]
    /// The codes' lookup tables one after another (context × 2^tableBits entries), so that
    /// reading a symbol touches one array.
    let decodeTable: [UInt32]
    /// For every symbol that is a literal: its UTF-8 in the low bytes, and (in the top byte)
    /// its length and, shifted by 4, the context after it.
    let literalUTF8: [UInt64]
    /// Bits of an index past the common words.
    public let rareIndexWidth: Int
    /// Bits of a common index.
    public let commonIndexWidth: Int

    /// Each entry in its four letter cases, as UTF-8.
    let spellings: Spellings
    let literalIndex: [UInt32: Int]
    /// Each entry's index, by its ``folded(_:)`` text (the first of entries that fold alike):
    /// only packing needs it, so it is made on first use.
    var entryIndex: [String: Int] { indexStore.withLock { stored in
        if let stored { return stored }
        var index = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() {
            let folded = TextModel.folded(entry)
            if index[folded] == nil { index[folded] = position }
        }
        stored = index
        return index
    } }
    private let indexStore = Mutex<[String: Int]?>(nil)
    /// ``entryIndex`` as a trie, for the packer's walk (made on first use).
    var entryTrie: VocabularyTrie { trieStore.withLock { stored in
        if let stored { return stored }
        let trie = VocabularyTrie(entryIndex)
        stored = trie
        return trie
    } }
    private let trieStore = Mutex<VocabularyTrie?>(nil)
    /// Longest entry, in scalars.
    let longestEntry: Int

    /// The fixed symbols before the literals.
    public enum Symbol: Int, CaseIterable, Sendable {
        case end = 0, word, capitalWord, titleWord, upperWord, escape, nearEscape, copy
    }

    /// Characters every model has in its literal alphabet, whether or not the vocabulary uses
    /// them: printable ASCII, and the letters and signs of the five languages' texts.
    public static let baseAlphabet: [Unicode.Scalar] = {
        var scalars = (0x20...0x7E).map { Unicode.Scalar(UInt8($0)) }
        let extra = "áàâãäåæçéèêëíìîïñóòôõöøœúùûüýÿßÁÀÂÃÄÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÕÖØŒÚÙÛÜÝŸ°µ€£–—’‘“”«»·…½¼¾×ºª¿¡\u{00A0}"
        scalars += extra.unicodeScalars
        return scalars
    }()

    /// A model of `entries` (unique, in NFC), the first `commonCount` of them common.
    public init(entries: [String], commonCount: Int) {
        precondition(commonCount <= entries.count)
        self.entries = entries
        self.commonCount = commonCount
        self.commonIndexWidth = TextModel.width(for: commonCount)
        self.rareIndexWidth = TextModel.width(for: entries.count - commonCount)
        var literals = TextModel.baseAlphabet
        var seen = Set(literals.map(\.value))
        for entry in entries where !entry.utf8.allSatisfy({ $0 < 0x80 }) {
            for scalar in entry.unicodeScalars where seen.insert(scalar.value).inserted { literals.append(scalar) }
        }
        self.literals = literals
        var literalIndex = [UInt32: Int]()
        for (index, scalar) in literals.enumerated() { literalIndex[scalar.value] = Symbol.allCases.count + index }
        self.literalIndex = literalIndex
        let weights = TextModel.symbolWeights(entries: entries, literals: literals)
        self.codes = (0..<TextModel.contextCount).map { PrefixCode(weights: TextModel.weights(weights, literals: literals, context: $0)) }
        self.decodeTable = codes.flatMap(\.table)
        self.literalUTF8 = [UInt64](repeating: 0, count: Symbol.allCases.count) + literals.map { scalar in
            let bytes = Array(String(scalar).utf8)
            var packed: UInt64 = 0
            for (index, byte) in bytes.enumerated() { packed |= UInt64(byte) << UInt64(8 * index) }
            return packed | UInt64(bytes.count | TextModel.context(after: scalar) << 4) << 56
        }
        self.spellings = Spellings(entries)
        self.longestEntry = entries.map { $0.unicodeScalars.count }.max() ?? 0
    }

    /// Weights of the fixed symbols and the literals, as described on the type.
    static func symbolWeights(entries: [String], literals: [Unicode.Scalar]) -> [UInt64] {
        var ascii = [UInt64](repeating: 0, count: 128)
        var others = [UInt32: UInt64]()
        var letters: UInt64 = 0
        for entry in entries {
            if entry.utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in entry.utf8 {
                    ascii[Int(byte)] += 1
                    if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { letters += 1 }
                }
                continue
            }
            for scalar in entry.unicodeScalars {
                let value = scalar.value
                if value < 0x80 { ascii[Int(value)] += 1 } else { others[value, default: 0] += 1 }
                if value < 0x80 ? (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A : scalar.properties.isAlphabetic { letters += 1 }
            }
        }
        let counts = { (value: UInt32) -> UInt64 in value < 0x80 ? ascii[Int(value)] : others[value, default: 0] }
        let total = max(letters, 64)
        var weights = [UInt64](repeating: 1, count: Symbol.allCases.count + literals.count)
        weights[Symbol.end.rawValue] = total / 8
        weights[Symbol.word.rawValue] = total / 8
        weights[Symbol.capitalWord.rawValue] = total / 12
        weights[Symbol.titleWord.rawValue] = total / 30
        weights[Symbol.upperWord.rawValue] = total / 200
        weights[Symbol.escape.rawValue] = total / 400
        weights[Symbol.nearEscape.rawValue] = total / 400
        weights[Symbol.copy.rawValue] = total / 100
        for (index, scalar) in literals.enumerated() {
            var weight: UInt64 = 1 + (scalar == " " ? 0 : counts(scalar.value))
            if scalar == " " { weight += total / 6 }
            if let lower = lowerCase(scalar), lower != scalar { weight += counts(lower.value) / 3 }
            if ("0"..."9").contains(scalar) { weight += total / 25 }
            if ",.-/()+:;'%".unicodeScalars.contains(scalar) { weight += total / 150 }
            weights[Symbol.allCases.count + index] = weight
        }
        return weights
    }

    /// Contexts: 0 at the start of a text and after anything but a letter or digit, 1 after a
    /// small letter (or a letter without case), 2 after a capital, 3 after a digit.
    static let contextCount = 4

    /// The context after `scalar` (nil: the start of a text).
    @inline(__always)
    static func context(after scalar: Unicode.Scalar?) -> Int {
        guard let scalar else { return 0 }
        if scalar.value < 0x80 {
            switch UInt8(scalar.value) {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 2
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return 3
            default: return 0
            }
        }
        if scalar.value < 0x300 { return latinContexts[Int(scalar.value) - 0x80] }
        let properties = scalar.properties
        if properties.isUppercase { return 2 }
        return properties.isAlphabetic ? 1 : 0
    }

    /// The contexts after U+0080 … U+02FF (Latin letters with their accents), looked up once.
    static let latinContexts: [Int] = (0x80..<0x300).map { value in
        let properties = Unicode.Scalar(UInt32(value))!.properties
        return properties.isUppercase ? 2 : properties.isAlphabetic ? 1 : 0
    }

    /// The weights of one context: the base weights with what tends to follow there made
    /// heavier (capitals and words at a word's start, small letters after letters, digits
    /// after digits) and what rarely does lighter, by fixed factors (in quarters).
    static func weights(_ base: [UInt64], literals: [Unicode.Scalar], context: Int) -> [UInt64] {
        // Factors for: capitals, small letters, digits, space, other literals, words, end.
        let factors: [[UInt64]] = [
            [12, 4, 4, 1, 4, 8, 4],   // start, after a space or sign
            [1, 6, 1, 5, 4, 1, 4],    // after a small letter
            [6, 5, 4, 4, 4, 1, 4],    // after a capital
            [1, 1, 16, 6, 6, 1, 4],   // after a digit
        ]
        let factor = factors[context]
        var weights = base
        for index in weights.indices {
            let group: Int
            if index < Symbol.allCases.count {
                switch Symbol(rawValue: index)! {
                case .word, .capitalWord, .titleWord, .upperWord, .copy: group = 5
                case .end: group = 6
                default: group = 4
                }
            } else {
                let scalar = literals[index - Symbol.allCases.count]
                if scalar == " " { group = 3 }
                else if ("0"..."9").contains(scalar) { group = 2 }
                else if scalar.properties.isUppercase { group = 0 }
                else if scalar.properties.isAlphabetic { group = 1 }
                else { group = 4 }
            }
            weights[index] = max(1, weights[index] * factor[group] / 4)
        }
        return weights
    }

    /// Bits needed to tell `count` things apart (0 for one or none).
    public static func width(for count: Int) -> Int { count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount }

    /// The one-scalar capital of `scalar`, if it has one that differs or is itself upper case.
    static func upperCase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.value < 0x250 {
            let upper = latinUpper[Int(scalar.value)]
            return upper == UInt32.max ? nil : Unicode.Scalar(upper)
        }
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        guard mapped.count == 1, let first = mapped.first else { return nil }
        return first
    }

    /// `text` with every scalar that has a one-scalar small letter replaced by it: how entries
    /// are looked up.
    static func folded(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { lowerCase($0) ?? $0 }))
    }

    /// ``upperCase(_:)`` of U+0000 … U+024F, looked up once (UInt32.max: none).
    static let latinUpper: [UInt32] = (0..<0x250).map { value in
        let mapped = Unicode.Scalar(UInt32(value))!.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first!.value : UInt32.max
    }

    /// The one-scalar small letter of `scalar`.
    static func lowerCase(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        guard mapped.count == 1, let first = mapped.first else { return nil }
        return first
    }
}

/// Every entry of a vocabulary in its four letter cases (as written, with a capital, in title
/// case, in capitals). A case that cannot be written scalar by scalar (as 'ß' in capitals) or
/// that spells the entry as an earlier case does is left out, so that one text has one code.
/// An entry in ASCII is kept once and put in its case as it is copied out (most entries, and
/// so the vocabulary is ready in a few milliseconds); any other keeps its four spellings.
struct Spellings: Sendable {
    private var bytes: [UInt8] = []
    /// Per entry and case: start and end in `bytes` (an ASCII entry: its case 0 only), or -1.
    private var bounds: [Int32] = []
    /// Per entry: bit 4 set for ASCII, bits 0–3 the cases it has.
    private var kinds: [UInt8] = []
    /// Per entry and case: the context after the spelling's last scalar.
    private(set) var endContexts: [UInt8] = []

    init(_ entries: [String]) {
        bytes.reserveCapacity(entries.count * 16)
        bounds.reserveCapacity(entries.count * 8)
        kinds.reserveCapacity(entries.count)
        endContexts.reserveCapacity(entries.count * 4)
        for entry in entries {
            let start = Int32(bytes.count)
            var ascii = true
            for byte in entry.utf8 {
                if byte >= 0x80 { ascii = false }
                bytes.append(byte)
            }
            if ascii {
                addASCII(start: Int(start))
            } else {
                bytes.removeLast(bytes.count - Int(start))
                addSpelled(entry)
            }
        }
    }

    private static func isSmall(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// Cases of the ASCII entry at `bytes[start...]`: which differ from the earlier ones, and
    /// what context each leaves.
    private mutating func addASCII(start: Int) {
        let entry = bytes[start...]
        var smallAtFirst = false, smallAtWordStartsAfterFirst = false, smallElsewhere = false
        var atStart = true
        for (offset, byte) in entry.enumerated() {
            if Spellings.isSmall(byte) {
                if offset == 0 { smallAtFirst = true } else if atStart { smallAtWordStartsAfterFirst = true } else { smallElsewhere = true }
            }
            atStart = byte == 0x20 || byte == 0x2D
        }
        // capital ≠ lower: a small first letter; title ≠ lower and ≠ capital: a small letter at a
        // later word start; upper ≠ lower, capital, title: a small letter inside a word.
        var mask: UInt8 = 1
        if smallAtFirst { mask |= 2 }
        if smallAtWordStartsAfterFirst { mask |= 4 }
        if smallElsewhere { mask |= 8 }
        kinds.append(0x10 | mask)
        bounds += [Int32(start), Int32(bytes.count), -1, -1, -1, -1, -1, -1]
        let last = entry.last ?? 0x20
        let lastAtWordStart = entry.count == 1 || entry.dropLast().last.map { $0 == 0x20 || $0 == 0x2D } == true
        let lowerContext = UInt8(TextModel.context(after: Unicode.Scalar(last)))
        let upperContext: UInt8 = Spellings.isSmall(last) ? 2 : lowerContext
        endContexts += [lowerContext, entry.count == 1 ? upperContext : lowerContext, lastAtWordStart ? upperContext : lowerContext, upperContext]
    }

    /// Cases of an entry beyond ASCII, spelled out scalar by scalar.
    private mutating func addSpelled(_ entry: String) {
        let scalars = Array(entry.unicodeScalars)
        let mapped = scalars.map(TextModel.upperCase)
        var capital: [Unicode.Scalar]?, title: [Unicode.Scalar]? = [], upper: [Unicode.Scalar]?
        if !mapped.contains(where: { $0 == nil }) { upper = mapped.map { $0! } }
        if let first = mapped.first, let first { capital = [first] + scalars.dropFirst() }
        var atStart = true
        for (index, scalar) in scalars.enumerated() {
            if atStart, let capital = mapped[index] { title?.append(capital) } else if atStart { title = nil; break } else { title?.append(scalar) }
            atStart = scalar == " " || scalar == "-"
        }
        let distinct = [scalars, capital == scalars ? nil : capital, title == scalars || title == capital ? nil : title,
                        upper == scalars || upper == capital || upper == title ? nil : upper]
        var mask: UInt8 = 0
        for (letterCase, spelling) in distinct.enumerated() {
            if let spelling {
                mask |= 1 << UInt8(letterCase)
                let start = bytes.count
                for scalar in spelling { bytes.append(contentsOf: UTF8.encode(scalar)!) }
                bounds += [Int32(start), Int32(bytes.count)]
                endContexts.append(UInt8(TextModel.context(after: spelling.last)))
            } else {
                bounds += [-1, -1]
                endContexts.append(0)
            }
        }
        kinds.append(mask)
    }

    /// Whether entry `index` has case `letterCase` (0 as written, 1 capital, 2 title, 3 capitals).
    @inline(__always)
    func has(_ index: Int, _ letterCase: Int) -> Bool { kinds[index] & (1 << UInt8(letterCase)) != 0 }

    /// Writes entry `index` in case `letterCase` (which it has) at `out`, returning its length.
    @inline(__always)
    func write(_ index: Int, _ letterCase: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let kind = kinds[index]
        if kind & 0x10 == 0 {
            let start = Int(bounds[index * 8 + letterCase * 2]), end = Int(bounds[index * 8 + letterCase * 2 + 1])
            for offset in start..<end { out[offset - start] = bytes[offset] }
            return end - start
        }
        let start = Int(bounds[index * 8]), end = Int(bounds[index * 8 + 1])
        var atStart = true
        for offset in start..<end {
            let byte = bytes[offset]
            let capitalise = letterCase == 3 || (letterCase == 1 && offset == start) || (letterCase == 2 && atStart)
            out[offset - start] = capitalise && Spellings.isSmall(byte) ? byte - 0x20 : byte
            atStart = byte == 0x20 || byte == 0x2D
        }
        return end - start
    }

    /// The longest spelling of entry `index`, in bytes.
    @inline(__always)
    func maximumLength(_ index: Int) -> Int {
        var longest = 0
        for letterCase in 0..<4 where bounds[index * 8 + letterCase * 2] >= 0 {
            longest = max(longest, Int(bounds[index * 8 + letterCase * 2 + 1] - bounds[index * 8 + letterCase * 2]))
        }
        return longest
    }

    /// Entry `index` in case `letterCase`, or nil if it has none.
    func spelling(_ index: Int, _ letterCase: Int) -> [UInt8]? {
        guard has(index, letterCase) else { return nil }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: maximumLength(index) + 4)
        defer { buffer.deallocate() }
        let length = write(index, letterCase, to: buffer)
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }
}

/// Unpacking of ``PackedCBOR``: reads the bits and writes the deterministic CBOR encoding
/// straight into one buffer, the size of the limit, allocated once. Texts are written where
/// they end up (after room for their head, moved back once their length is known); a
/// reference copies bytes already written; a copy inside a text finds its scalars in the texts
/// already written. Every count is checked against the bits left and the output against the
/// limit, so no input makes it allocate more, recurse deeper than the CBOR limit or loop.
extension PackedCBOR {
    /// Reads one packed item and returns its deterministic CBOR encoding, refusing more than
    /// `limit` bytes of it.
    public static func unpack(from reader: inout BitReader, model: PackingModel, limit: Int) throws(FormatError) -> [UInt8] {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: limit + 16)
        defer { buffer.deallocate() }
        var unpacker = PackedCBORReader(model: model, text: model.text, out: buffer, limit: limit)
        try unpacker.read(from: &reader, depth: 0)
        return Array(buffer[0..<unpacker.count])
    }

    /// Reads one packed item and returns `prefix`, the item's encoding as a CBOR byte string
    /// (head and bytes), and `suffix`, in one array made once: how a COSE message is rebuilt
    /// around its payload.
    public static func unpack(from reader: inout BitReader, model: PackingModel, limit: Int,
                              asByteStringBetween prefix: [UInt8], and suffix: ArraySlice<UInt8>) throws(FormatError) -> [UInt8] {
        let headRoom = prefix.count + 3
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: headRoom + limit + 16)
        defer { buffer.deallocate() }
        var unpacker = PackedCBORReader(model: model, text: model.text,
                                        out: UnsafeMutableBufferPointer(rebasing: buffer[headRoom...]), limit: limit)
        try unpacker.read(from: &reader, depth: 0)
        let length = unpacker.count
        var message = [UInt8]()
        message.reserveCapacity(prefix.count + 3 + length + suffix.count)
        message += prefix
        CBORWriter.writeHead(2, UInt64(length), into: &message)
        message += UnsafeBufferPointer(rebasing: buffer[headRoom..<(headRoom + length)])
        message += suffix
        return message
    }
}

struct PackedCBORReader {
    let model: PackingModel
    let text: TextModel
    let out: UnsafeMutableBufferPointer<UInt8>
    let limit: Int
    var count = 0
    /// Texts, byte strings, arrays and maps written whole, in the order they ended.
    var seen: [Range<Int>] = []
    /// The texts written so far, for copies, with how many scalars each holds.
    var texts: [Range<Int>] = []
    var textScalars: [Int] = []
    /// The scalars of all texts so far.
    var historyScalars = 0
    var lastEscaped: UInt32?

    init(model: PackingModel, text: TextModel, out: UnsafeMutableBufferPointer<UInt8>, limit: Int) {
        self.model = model
        self.text = text
        self.out = out
        self.limit = limit
        seen.reserveCapacity(64)
        texts.reserveCapacity(64)
        textScalars.reserveCapacity(64)
    }

    private func tooLarge(_ reader: BitReader) -> FormatError {
        FormatError(reader.layer, "the message unpacks to more than \(DecodingLimits.maximumInflatedBytes) bytes")
    }

    @inline(__always)
    private mutating func room(_ needed: Int, _ reader: BitReader) throws(FormatError) {
        guard count + needed <= limit else { throw tooLarge(reader) }
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, _ reader: BitReader) throws(FormatError) {
        try room(1, reader)
        out[count] = byte
        count += 1
    }

    /// Copies `out[range]` (already written) to the end.
    private mutating func appendCopy(of range: Range<Int>, _ reader: BitReader) throws(FormatError) {
        try room(range.count, reader)
        let base = out.baseAddress!
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    private mutating func writeHead(_ major: UInt8, _ argument: UInt64, _ reader: BitReader) throws(FormatError) {
        try room(9, reader)
        let base = major << 5
        switch argument {
        case 0..<24: out[count] = base | UInt8(argument); count += 1
        case 24..<0x100: out[count] = base | 24; out[count + 1] = UInt8(argument); count += 2
        case 0x100..<0x1_0000:
            out[count] = base | 25; out[count + 1] = UInt8(argument >> 8); out[count + 2] = UInt8(truncatingIfNeeded: argument); count += 3
        case 0x1_0000..<0x1_0000_0000:
            out[count] = base | 26
            for index in 0..<4 { out[count + 1 + index] = UInt8(truncatingIfNeeded: argument >> UInt64(24 - 8 * index)) }
            count += 5
        default:
            out[count] = base | 27
            for index in 0..<8 { out[count + 1 + index] = UInt8(truncatingIfNeeded: argument >> UInt64(56 - 8 * index)) }
            count += 9
        }
    }

    mutating func read(from reader: inout BitReader, depth: Int) throws(FormatError) {
        guard depth <= DecodingLimits.maximumCBORDepth else {
            throw FormatError(reader.layer, "items nested more than \(DecodingLimits.maximumCBORDepth) deep", at: reader.position / 8)
        }
        let start = count
        let symbol = try PackedCBOR.headCode.read(from: &reader)
        if symbol < 24 {
            try append(UInt8(symbol), reader)
            return
        }
        switch PackedCBOR.HeadSymbol(rawValue: symbol)! {
        case .small0: break
        case .unsigned8, .unsigned16, .unsigned32, .unsigned64:
            try writeHead(0, readWide(symbol - PackedCBOR.HeadSymbol.unsigned8.rawValue, &reader), reader)
        case .negativeSmall:
            let n = try reader.read(width: 5)
            guard n < 24 else { throw FormatError(reader.layer, "a small negative number out of range", at: reader.position / 8) }
            try writeHead(1, n, reader)
        case .negative8, .negative16, .negative32, .negative64:
            try writeHead(1, readWide(symbol - PackedCBOR.HeadSymbol.negative8.rawValue, &reader), reader)
        case .text:
            try readText(from: &reader)
            seen.append(start..<count)
        case .bytes:
            let length = Int(try GammaCode.read(from: &reader, limit: UInt64(reader.remaining / 8)))
            try writeHead(2, UInt64(length), reader)
            try room(length, reader)
            for _ in 0..<length { out[count] = UInt8(try reader.read(width: 8)); count += 1 }
            seen.append(start..<count)
        case .array:
            let items = try GammaCode.read(from: &reader, limit: UInt64(reader.remaining))
            try writeHead(4, items, reader)
            for _ in 0..<items { try read(from: &reader, depth: depth + 1) }
            seen.append(start..<count)
        case .map:
            let entries = try GammaCode.read(from: &reader, limit: UInt64(reader.remaining / 2))
            try writeHead(5, entries, reader)
            var previous: UInt64? = 0
            for _ in 0..<entries {
                let keySymbol = try PackedCBOR.keyCode.read(from: &reader)
                let keyStart = count
                if keySymbol == PackedCBOR.KeySymbol.other.rawValue {
                    try read(from: &reader, depth: depth + 1)
                } else {
                    guard let last = previous else { throw FormatError(reader.layer, "a key step after a key that is not an unsigned integer", at: reader.position / 8) }
                    let (next, overflow) = last.addingReportingOverflow(UInt64(keySymbol) + 1)
                    guard !overflow else { throw FormatError(reader.layer, "a key step past the largest unsigned integer", at: reader.position / 8) }
                    try writeHead(0, next, reader)
                }
                let key = CBORPackedKey.unsignedValue(UnsafeBufferPointer(rebasing: out[keyStart..<count]))
                if keySymbol == PackedCBOR.KeySymbol.other.rawValue, let key, let last = previous, key > last, key - last <= 4 {
                    throw FormatError(reader.layer, "key \(key) written out where a step names it", at: reader.position / 8)
                }
                previous = key
                try read(from: &reader, depth: depth + 1)
            }
            seen.append(start..<count)
        case .tag:
            try writeHead(6, GammaCode.read(from: &reader, limit: UInt64.max - 1), reader)
            try read(from: &reader, depth: depth + 1)
        case .false: try append(0xF4, reader)
        case .true: try append(0xF5, reader)
        case .null: try append(0xF6, reader)
        case .repeat:
            guard !seen.isEmpty else { throw FormatError(reader.layer, "a reference before any item to refer to", at: reader.position / 8) }
            let index = Int(try reader.read(width: TextModel.width(for: seen.count)))
            guard index < seen.count else { throw FormatError(reader.layer, "a reference to item \(index) of \(seen.count)", at: reader.position / 8) }
            try appendCopy(of: seen[index], reader)
        case .preset:
            let index = Int(try reader.read(width: model.presetWidth))
            guard index < model.presets.count else { throw FormatError(reader.layer, "preset item \(index) does not exist", at: reader.position / 8) }
            let preset = model.presets[index]
            try room(preset.count, reader)
            for byte in preset { out[count] = byte; count += 1 }
        }
    }

    /// A number of the width `offset` names (8, 16, 32, 64 bits), which must need that width.
    private func readWide(_ offset: Int, _ reader: inout BitReader) throws(FormatError) -> UInt64 {
        let width = 8 << offset
        let value = try reader.read(width: width)
        let least: UInt64 = offset == 0 ? 24 : UInt64(1) << UInt64(width / 2)
        guard value >= least else { throw FormatError(reader.layer, "\(value) written in \(width) bits", at: reader.position / 8) }
        return value
    }

    /// One text: its symbols written after room for a 3-byte head, then the head, and the text
    /// moved up against it.
    private mutating func readText(from reader: inout BitReader) throws(FormatError) {
        let headAt = count
        try room(3, reader)
        let textStart = headAt + 3
        count = textStart
        let table = text.decodeTable, literals = text.literalUTF8, spellings = text.spellings
        let fixed = TextModel.Symbol.allCases.count
        var context = 0
        while true {
            let entry = table[context << PrefixCode.tableBits | Int(reader.peek(PrefixCode.tableBits))]
            let symbol: Int
            if entry != 0 {
                try reader.consume(Int(entry & 0xFF))
                symbol = Int(entry >> 8)
            } else {
                symbol = try text.codes[context].read(from: &reader)
            }
            if symbol >= fixed {
                let packed = literals[symbol]
                let length = Int(packed >> 56) & 0x0F
                try room(length, reader)
                for index in 0..<length { out[count + index] = UInt8(truncatingIfNeeded: packed >> UInt64(8 * index)) }
                count += length
                context = Int(packed >> 60)
                continue
            }
            switch TextModel.Symbol(rawValue: symbol)! {
            case .end:
                let length = count - textStart
                guard length <= 0xFFFF else { throw tooLarge(reader) }
                // The head, then the text moved against it.
                let headLength = length < 24 ? 1 : length < 0x100 ? 2 : 3
                count = headAt
                try writeHead(3, UInt64(length), reader)
                if headLength < 3 {
                    let base = out.baseAddress!
                    (base + headAt + headLength).update(from: base + textStart, count: length)
                }
                count = headAt + headLength + length
                let range = (headAt + headLength)..<count
                var scalars = 0
                for index in range where out[index] & 0xC0 != 0x80 { scalars += 1 }
                texts.append(range)
                textScalars.append(scalars)
                historyScalars += scalars
                return
            case .word, .capitalWord, .titleWord, .upperWord:
                let rare = try reader.readBit() == 1
                let index = rare ? text.commonCount + Int(try reader.read(width: text.rareIndexWidth)) : Int(try reader.read(width: text.commonIndexWidth))
                guard index < (rare ? text.entries.count : text.commonCount) else {
                    throw FormatError(reader.layer, "vocabulary entry \(index) does not exist", at: reader.position / 8)
                }
                let letterCase = symbol - TextModel.Symbol.word.rawValue
                guard spellings.has(index, letterCase) else {
                    throw FormatError(reader.layer, "vocabulary entry \(index) has no such letter case", at: reader.position / 8)
                }
                try room(spellings.maximumLength(index), reader)
                count += spellings.write(index, letterCase, to: out.baseAddress! + count)
                context = Int(spellings.endContexts[index * 4 + letterCase])
            case .escape, .nearEscape:
                let value: UInt32
                if symbol == TextModel.Symbol.escape.rawValue {
                    value = UInt32(try reader.read(width: 21))
                } else {
                    guard let last = lastEscaped else { throw FormatError(reader.layer, "a near escape before any escape", at: reader.position / 8) }
                    value = (last & ~0x7F) | UInt32(try reader.read(width: 7))
                }
                guard let scalar = Unicode.Scalar(value) else {
                    throw FormatError(reader.layer, "U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar", at: reader.position / 8)
                }
                lastEscaped = value
                try room(4, reader)
                for byte in String(scalar).utf8 { out[count] = byte; count += 1 }
                context = TextModel.context(after: scalar)
            case .copy:
                let length = Int(try GammaCode.read(from: &reader, limit: UInt64(limit))) + TextPacker.shortestCopy
                let range = try copyRange(length: length, &reader)
                try appendCopy(of: range, reader)
                context = PackedCBORReader.lastContext(out, range)
            }
        }
    }

    /// The bytes of the `length` scalars a copy names: its distance counts back, in scalars,
    /// from the end of the texts before this one, joined; a copy stays inside one text.
    private func copyRange(length: Int, _ reader: inout BitReader) throws(FormatError) -> Range<Int> {
        let available = historyScalars
        let distance = Int(try reader.read(width: TextModel.width(for: available))) + 1
        guard distance <= available else { throw FormatError(reader.layer, "a copy from before the first text", at: reader.position / 8) }
        // The text holding the first scalar, walking back from the last text.
        var first = available - distance
        var text = texts.count - 1
        var textStartScalar = available - textScalars[text]
        while first < textStartScalar {
            text -= 1
            textStartScalar -= textScalars[text]
        }
        first -= textStartScalar
        guard first + length <= textScalars[text] else {
            throw FormatError(reader.layer, "a copy that runs past the end of its text", at: reader.position / 8)
        }
        // Bytes of scalars first ..< first + length inside that text.
        var scalar = 0, from = texts[text].upperBound, end = texts[text].upperBound
        for index in texts[text] where out[index] & 0xC0 != 0x80 {
            if scalar == first { from = index }
            if scalar == first + length { end = index; break }
            scalar += 1
        }
        return from..<end
    }

    /// The context after the last scalar of `out[range]`.
    static func lastContext(_ out: UnsafeMutableBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard !range.isEmpty else { return 0 }
        var begin = range.upperBound - 1
        while begin > range.lowerBound, out[begin] & 0xC0 == 0x80 { begin -= 1 }
        let lead = UInt32(out[begin])
        guard lead >= 0x80 else { return TextModel.context(after: Unicode.Scalar(UInt8(lead))) }
        var value = lead >= 0xF0 ? lead & 0x07 : lead >= 0xE0 ? lead & 0x0F : lead & 0x1F
        for index in (begin + 1)..<range.upperBound { value = value << 6 | UInt32(out[index] & 0x3F) }
        return TextModel.context(after: Unicode.Scalar(value))
    }
}

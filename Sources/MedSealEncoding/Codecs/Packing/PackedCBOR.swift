/// Deterministic CBOR packed into bits: each item's head from a prefix code, map keys that
/// count up by their step, texts through a ``TextPacker``, and any text, byte string, array or
/// map equal to one already written as a reference to it.
///
/// Items are written in order. At a map key the symbol is one of ``KeySymbol``: the previous
/// unsigned key of the map (0 before the first) plus 1, 2, 3 or 4, or `other` followed by the key
/// as an item. Every other item starts with a ``HeadSymbol``:
/// - `small0` … `small23`: that unsigned integer; `unsigned8` … `unsigned64`: the value in 8, 16,
///   32 or 64 bits (it must need that width); `negativeSmall` (5 bits, under 24) and `negative8` …
///   `negative64` likewise for −1 − n;
/// - `text`: the text's symbols (see ``TextPacker``); `bytes`: length (``GammaCode``), then the bytes;
/// - `array`, `map`: the count (``GammaCode``), then the items; `tag`: the tag number
///   (``GammaCode``), then the item; `false`, `true`, `null`;
/// - `repeat`: an index, in as many bits as it takes to number the items seen so far, into
///   the list of texts, byte strings, arrays and maps written whole so far, each added when it ends;
/// - `preset`: an index into the model's preset items, in as many bits as it takes to number them.
///
/// Unpacking writes the deterministic encoding (RFC 8949 §4.2.1) of what was packed; floats
/// and `undefined` cannot be packed.
public enum PackedCBOR {
    /// What starts an item in value position.
    enum HeadSymbol: Int, CaseIterable {
        case small0 = 0
        case unsigned8 = 24, unsigned16, unsigned32, unsigned64
        case negativeSmall, negative8, negative16, negative32, negative64
        case text, bytes, array, map, tag, `false`, `true`, null, `repeat`, preset
    }

    /// What starts a map key.
    enum KeySymbol: Int, CaseIterable {
        case next = 0, skipOne, skipTwo, skipThree, other
    }

    static let headCount = HeadSymbol.preset.rawValue + 1

    /// Fixed weights: texts and maps are what documents are made of; small numbers are keys
    /// and counts; 16- and 32-bit numbers are dates and times.
    static let headCode: PrefixCode = {
        var weights = [UInt64](repeating: 1, count: headCount)
        weights[0] = 2
        for n in 1...3 { weights[n] = 4 }
        for n in 4...9 { weights[n] = 2 }
        let heavier: [(HeadSymbol, UInt64)] = [(.text, 32), (.map, 8), (.array, 5), (.repeat, 8), (.unsigned16, 8), (.unsigned32, 4),
                                               (.unsigned8, 3), (.negative16, 3), (.preset, 8), (.negative32, 2), (.bytes, 3), (.true, 3), (.false, 3)]
        for (symbol, weight) in heavier { weights[symbol.rawValue] = weight }
        return PrefixCode(weights: weights)
    }()

    static let keyCode = PrefixCode(weights: [12, 4, 2, 1, 3])

    // MARK: Packing

    /// Packs `item`; nil if it holds something packing cannot carry (a float, `undefined`).
    public static func pack(_ item: CBOR, model: PackingModel, into writer: inout BitWriter) -> Bool {
        var packer = Packer(model: model, text: TextPacker(model: model.text))
        return packer.write(item, into: &writer)
    }

    private struct Packer {
        let model: PackingModel
        var text: TextPacker
        var seen = [[UInt8]: Int]()
        var seenCount = 0

        mutating func write(_ item: CBOR, into writer: inout BitWriter) -> Bool {
            let reusable: Bool
            switch item {
            case .text, .bytes, .array, .map: reusable = true
            default: reusable = false
            }
            let encoded = CBORWriter.encode(item)
            if reusable, let index = seen[encoded] {
                headCode.write(HeadSymbol.repeat.rawValue, to: &writer)
                writer.write(UInt64(index), width: TextModel.width(for: seenCount))
                return true
            }
            if let index = model.presetIndex[encoded] {
                headCode.write(HeadSymbol.preset.rawValue, to: &writer)
                writer.write(UInt64(index), width: model.presetWidth)
                return true
            }
            switch item {
            case .unsigned(let n): writeNumber(n, small: 0, wide: .unsigned8, into: &writer)
            case .negative(let n):
                if n < 24 {
                    headCode.write(HeadSymbol.negativeSmall.rawValue, to: &writer)
                    writer.write(n, width: 5)
                } else {
                    writeNumber(n, small: nil, wide: .negative8, into: &writer)
                }
            case .text(let value):
                headCode.write(HeadSymbol.text.rawValue, to: &writer)
                text.write(value, to: &writer)
            case .bytes(let bytes):
                headCode.write(HeadSymbol.bytes.rawValue, to: &writer)
                GammaCode.write(UInt64(bytes.count), to: &writer)
                for byte in bytes { writer.write(byte: byte) }
            case .array(let items):
                headCode.write(HeadSymbol.array.rawValue, to: &writer)
                GammaCode.write(UInt64(items.count), to: &writer)
                for element in items { guard write(element, into: &writer) else { return false } }
            case .map(let entries):
                headCode.write(HeadSymbol.map.rawValue, to: &writer)
                GammaCode.write(UInt64(entries.count), to: &writer)
                let sorted = entries.sorted { CBORWriter.encode($0.key).lexicographicallyPrecedes(CBORWriter.encode($1.key)) }
                var previous: UInt64? = 0
                for entry in sorted {
                    if case .unsigned(let key) = entry.key, let last = previous, key > last, key - last <= 4 {
                        keyCode.write(Int(key - last - 1), to: &writer)
                    } else {
                        keyCode.write(KeySymbol.other.rawValue, to: &writer)
                        guard write(entry.key, into: &writer) else { return false }
                    }
                    if case .unsigned(let key) = entry.key { previous = key } else { previous = nil }
                    guard write(entry.value, into: &writer) else { return false }
                }
            case .tagged(let tag, let content):
                headCode.write(HeadSymbol.tag.rawValue, to: &writer)
                GammaCode.write(tag, to: &writer)
                guard write(content, into: &writer) else { return false }
            case .bool(let value): headCode.write((value ? HeadSymbol.true : HeadSymbol.false).rawValue, to: &writer)
            case .null: headCode.write(HeadSymbol.null.rawValue, to: &writer)
            case .undefined, .float: return false
            }
            if reusable {
                if seen[encoded] == nil { seen[encoded] = seenCount }
                seenCount += 1
            }
            return true
        }

        private func writeNumber(_ n: UInt64, small: Int?, wide first: HeadSymbol, into writer: inout BitWriter) {
            if let small, n < 24 {
                headCode.write(small + Int(n), to: &writer)
                return
            }
            let (offset, width) = n < 0x100 ? (0, 8) : n < 0x1_0000 ? (1, 16) : n < 0x1_0000_0000 ? (2, 32) : (3, 64)
            headCode.write(first.rawValue + offset, to: &writer)
            if width == 64 {
                writer.write(n >> 32, width: 32)
                writer.write(n & 0xFFFF_FFFF, width: 32)
            } else {
                writer.write(n, width: width)
            }
        }
    }

    // MARK: Unpacking

    /// Reads one packed item and returns its deterministic CBOR encoding, refusing more than
    /// `limit` bytes of it.
    public static func unpack(from reader: inout BitReader, model: PackingModel, limit: Int) throws(FormatError) -> [UInt8] {
        var unpacker = Unpacker(model: model, text: TextPacker(model: model.text), budget: limit)
        var out = [UInt8]()
        out.reserveCapacity(min(limit, 2048))
        try unpacker.read(from: &reader, into: &out, depth: 0)
        return out
    }

    private struct Unpacker {
        let model: PackingModel
        var text: TextPacker
        var budget: Int
        var seen = [Range<Int>]()
        var scratch = [UInt8]()

        mutating func spend(_ count: Int, _ reader: BitReader) throws(FormatError) {
            budget -= count
            guard budget >= 0 else { throw FormatError(reader.layer, "the message unpacks to more than \(DecodingLimits.maximumInflatedBytes) bytes") }
        }

        mutating func read(from reader: inout BitReader, into out: inout [UInt8], depth: Int) throws(FormatError) {
            guard depth <= DecodingLimits.maximumCBORDepth else {
                throw FormatError(reader.layer, "items nested more than \(DecodingLimits.maximumCBORDepth) deep", at: reader.position / 8)
            }
            let start = out.count
            let symbol = try headCode.read(from: &reader)
            if symbol < 24 {
                try spend(1, reader)
                out.append(UInt8(symbol))
                return
            }
            switch HeadSymbol(rawValue: symbol)! {
            case .small0: break
            case .unsigned8, .unsigned16, .unsigned32, .unsigned64:
                try writeHead(0, readWide(symbol - HeadSymbol.unsigned8.rawValue, &reader), &out, reader)
            case .negativeSmall:
                let n = try reader.read(width: 5)
                guard n < 24 else { throw FormatError(reader.layer, "a small negative number out of range", at: reader.position / 8) }
                try writeHead(1, n, &out, reader)
            case .negative8, .negative16, .negative32, .negative64:
                try writeHead(1, readWide(symbol - HeadSymbol.negative8.rawValue, &reader), &out, reader)
            case .text:
                scratch.removeAll(keepingCapacity: true)
                var remaining = budget
                try text.read(from: &reader, into: &scratch, budget: &remaining)
                try writeHead(3, UInt64(scratch.count), &out, reader)
                try spend(scratch.count, reader)
                out.append(contentsOf: scratch)
                seen.append(start..<out.count)
            case .bytes:
                let count = try GammaCode.read(from: &reader, limit: UInt64(reader.remaining / 8))
                try writeHead(2, count, &out, reader)
                try spend(Int(count), reader)
                for _ in 0..<count { out.append(UInt8(try reader.read(width: 8))) }
                seen.append(start..<out.count)
            case .array:
                let count = try GammaCode.read(from: &reader, limit: UInt64(reader.remaining))
                try writeHead(4, count, &out, reader)
                for _ in 0..<count { try read(from: &reader, into: &out, depth: depth + 1) }
                seen.append(start..<out.count)
            case .map:
                let count = try GammaCode.read(from: &reader, limit: UInt64(reader.remaining / 2))
                try writeHead(5, count, &out, reader)
                var previous: UInt64? = 0
                for _ in 0..<count {
                    let keySymbol = try keyCode.read(from: &reader)
                    let keyStart = out.count
                    if keySymbol == KeySymbol.other.rawValue {
                        try read(from: &reader, into: &out, depth: depth + 1)
                    } else {
                        guard let last = previous else { throw FormatError(reader.layer, "a key step after a key that is not an unsigned integer", at: reader.position / 8) }
                        try writeHead(0, last + UInt64(keySymbol) + 1, &out, reader)
                    }
                    let key = CBORPackedKey.unsignedValue(out[keyStart...])
                    if keySymbol == KeySymbol.other.rawValue, let key, let last = previous, key > last, key - last <= 4 {
                        throw FormatError(reader.layer, "key \(key) written out where a step names it", at: reader.position / 8)
                    }
                    previous = key
                    try read(from: &reader, into: &out, depth: depth + 1)
                }
                seen.append(start..<out.count)
            case .tag:
                try writeHead(6, GammaCode.read(from: &reader, limit: UInt64.max - 1), &out, reader)
                try read(from: &reader, into: &out, depth: depth + 1)
            case .false: try spend(1, reader); out.append(0xF4)
            case .true: try spend(1, reader); out.append(0xF5)
            case .null: try spend(1, reader); out.append(0xF6)
            case .repeat:
                guard !seen.isEmpty else { throw FormatError(reader.layer, "a reference before any item to refer to", at: reader.position / 8) }
                let index = Int(try reader.read(width: TextModel.width(for: seen.count)))
                guard index < seen.count else { throw FormatError(reader.layer, "a reference to item \(index) of \(seen.count)", at: reader.position / 8) }
                let range = seen[index]
                try spend(range.count, reader)
                out.append(contentsOf: out[range])
            case .preset:
                let index = Int(try reader.read(width: model.presetWidth))
                guard index < model.presets.count else { throw FormatError(reader.layer, "preset item \(index) does not exist", at: reader.position / 8) }
                try spend(model.presets[index].count, reader)
                out.append(contentsOf: model.presets[index])
            }
        }

        /// A number of the width `offset` names (8, 16, 32, 64 bits), which must need that width.
        func readWide(_ offset: Int, _ reader: inout BitReader) throws(FormatError) -> UInt64 {
            let width = 8 << offset
            let value = width == 64 ? (try reader.read(width: 32) << 32) | (try reader.read(width: 32)) : try reader.read(width: width)
            let least: UInt64 = offset == 0 ? 24 : UInt64(1) << UInt64(width / 2)
            guard value >= least else { throw FormatError(reader.layer, "\(value) written in \(width) bits", at: reader.position / 8) }
            return value
        }

        mutating func writeHead(_ major: UInt8, _ argument: UInt64, _ out: inout [UInt8], _ reader: BitReader) throws(FormatError) {
            try spend(9, reader)
            let before = out.count
            CBORWriter.writeHead(major, argument, into: &out)
            budget += 9 - (out.count - before)
        }
    }
}

/// The value of an encoded map key if it is an unsigned integer.
enum CBORPackedKey {
    static func unsignedValue(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard let first = bytes.first, first >> 5 == 0 else { return nil }
        let info = first & 0x1F
        if info < 24 { return UInt64(info) }
        var value: UInt64 = 0
        for byte in bytes.dropFirst() { value = value << 8 | UInt64(byte) }
        return value
    }
}

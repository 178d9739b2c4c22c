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
    enum HeadSymbol: Int, CaseIterable, Sendable {
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

    // Unpacking: see PackedCBORReader.swift.
}

/// The value of an encoded map key if it is an unsigned integer.
enum CBORPackedKey {
    static func unsignedValue(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard let first = bytes.first, first >> 5 == 0 else { return nil }
        let info = first & 0x1F
        if info < 24 { return UInt64(info) }
        var value: UInt64 = 0
        for byte in bytes.dropFirst() { value = value << 8 | UInt64(byte) }
        return value
    }
}

/// Writes CBOR in the deterministic encoding of RFC 8949 §4.2.1: shortest heads,
/// definite lengths, map keys sorted by their encoded bytes, floats in their shortest exact form.
public enum CBORWriter {
    /// The deterministic encoding of `item`.
    public static func encode(_ item: CBOR) -> [UInt8] {
        var out = [UInt8]()
        write(item, into: &out)
        return out
    }

    static func write(_ item: CBOR, into out: inout [UInt8]) {
        switch item {
        case .unsigned(let n): writeHead(0, n, into: &out)
        case .negative(let n): writeHead(1, n, into: &out)
        case .bytes(let bytes):
            writeHead(2, UInt64(bytes.count), into: &out)
            out.append(contentsOf: bytes)
        case .text(let text):
            let utf8 = Array(text.utf8)
            writeHead(3, UInt64(utf8.count), into: &out)
            out.append(contentsOf: utf8)
        case .array(let items):
            writeHead(4, UInt64(items.count), into: &out)
            for element in items { write(element, into: &out) }
        case .map(let entries):
            writeHead(5, UInt64(entries.count), into: &out)
            let encoded = entries.map { (key: encode($0.key), value: encode($0.value)) }
            for entry in encoded.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                out.append(contentsOf: entry.key)
                out.append(contentsOf: entry.value)
            }
        case .tagged(let tag, let content):
            writeHead(6, tag, into: &out)
            write(content, into: &out)
        case .bool(let value): out.append(value ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case .undefined: out.append(0xF7)
        case .float(let value): writeFloat(value, into: &out)
        }
    }

    package static func writeHead(_ major: UInt8, _ argument: UInt64, into out: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: out.append(type | UInt8(argument))
        case 24...0xFF: out.append(contentsOf: [type | 24, UInt8(argument)])
        case 0x100...0xFFFF: out.append(type | 25); appendBigEndian(argument, bytes: 2, into: &out)
        case 0x10000...0xFFFF_FFFF: out.append(type | 26); appendBigEndian(argument, bytes: 4, into: &out)
        default: out.append(type | 27); appendBigEndian(argument, bytes: 8, into: &out)
        }
    }

    static func writeFloat(_ value: Double, into out: inout [UInt8]) {
        let half = Float16(value)
        if Double(half) == value || (value.isNaN) {
            out.append(0xF9)
            appendBigEndian(UInt64(value.isNaN ? 0x7E00 : half.bitPattern), bytes: 2, into: &out)
        } else if Double(Float(value)) == value {
            out.append(0xFA)
            appendBigEndian(UInt64(Float(value).bitPattern), bytes: 4, into: &out)
        } else {
            out.append(0xFB)
            appendBigEndian(value.bitPattern, bytes: 8, into: &out)
        }
    }

    private static func appendBigEndian(_ value: UInt64, bytes: Int, into out: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

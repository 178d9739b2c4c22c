/// Text on its way to a terminal. Whatever a credential, a key file, a log or a scanner
/// carries (signed or not) may hold bytes that a terminal obeys instead of showing: escape
/// sequences that clear the screen and draw a fake verdict, line feeds that scroll the real
/// one away, bidirectional overrides that show `VALID` for `DILAV`. This is the one place
/// that decides what may pass; every line MedSeal prints goes through it.
public enum TerminalText {
    /// One line as a terminal may show it: each control character (C0, DEL, C1), line or
    /// paragraph separator, and bidirectional embedding, override or isolate control becomes
    /// a visible `<U+XXXX>`; a line break (LF, CR, CR LF, NEL, U+2028, U+2029) becomes ` ⏎ `
    /// and a tab a space, so that one field can never start another line.
    public static func line(_ text: String) -> String {
        guard needsCleaning(text, keepingLineFeeds: false) else { return text }
        return clean(text, keepingLineFeeds: false)
    }

    /// Text with line feeds, as a program writes it: like ``line(_:)``, but line feeds and
    /// tabs (a tab-separated report) stay, and so do the colour sequences (`ESC [ digits ; … m`) and the bell that the program's
    /// own verdict banner uses. Nothing else an escape could start passes.
    public static func output(_ text: String) -> String {
        guard needsCleaning(text, keepingLineFeeds: true) else { return text }
        return clean(text, keepingLineFeeds: true)
    }

    /// Whether a scalar is one a terminal may act on rather than show.
    package static func isUnsafe(_ value: UInt32) -> Bool {
        switch value {
        case 0x00..<0x20, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A quick look: printable ASCII (and line feeds when kept) needs nothing done.
    private static func needsCleaning(_ text: String, keepingLineFeeds: Bool) -> Bool {
        for byte in text.utf8 {
            if byte >= 0x20 && byte < 0x7F { continue }
            if (byte == 0x0A || byte == 0x09) && keepingLineFeeds { continue }
            if byte < 0x80 { return true }
            // A non-ASCII character: look at the scalars.
            return text.unicodeScalars.contains { isUnsafe($0.value) && !(keepingLineFeeds && ($0.value == 0x0A || $0.value == 0x09)) }
        }
        return false
    }

    private static func clean(_ text: String, keepingLineFeeds: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let value = scalars[index].value
            defer { index += 1 }
            guard isUnsafe(value) else { out.append(scalars[index]); continue }
            if keepingLineFeeds {
                if value == 0x0A || value == 0x09 || value == 0x07 { out.append(scalars[index]); continue }
                if value == 0x1B, let end = colourSequenceEnd(scalars, from: index) {
                    out.append(contentsOf: scalars[index...end])
                    index = end
                    continue
                }
            }
            switch value {
            case 0x09: out.append(" ")
            case 0x0D where index + 1 < scalars.count && scalars[index + 1].value == 0x0A:
                out.append(contentsOf: " ⏎ ".unicodeScalars)
                index += 1
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: out.append(contentsOf: " ⏎ ".unicodeScalars)
            default: out.append(contentsOf: visible(value).unicodeScalars)
            }
        }
        return String(out)
    }

    /// `<U+001B>`.
    package static func visible(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Where an SGR colour sequence (`ESC [` digits and semicolons `m`, at most 16 of them)
    /// starting at `start` ends, or `nil` when no such sequence starts there.
    private static func colourSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count && index - start <= 18 {
            let scalar = scalars[index]
            if scalar == "m" { return index }
            guard scalar == ";" || ("0"..."9").contains(scalar) else { return nil }
            index += 1
        }
        return nil
    }
}

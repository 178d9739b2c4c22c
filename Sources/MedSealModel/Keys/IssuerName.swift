import Foundation
import MedSealEncoding

/// How issuer names are compared. A name is an issuer's identity: it chooses the keys a
/// credential is checked with and the revocation list that applies to it. Two spellings a
/// person cannot tell apart must therefore never be two issuers.
///
/// - Every name is kept and compared in Unicode normalisation form C, so that `é` written as
///   one character or as `e` and a combining accent is one name, everywhere: key files,
///   bundles, lists, tokens, the store's file names and the hashes of list entries.
/// - A name that only *looks* like another trusted issuer's (the same ``skeleton(_:)``: other
///   compatibility forms, case, invisible characters, Cyrillic or Greek letters shaped like
///   Latin ones, typographic apostrophes and dashes) is refused when a key is added or a
///   bundle imported.
/// - A name is one line of visible text: no control characters, line breaks or
///   bidirectional controls, at most ``maximumLength`` characters.
public enum IssuerName {
    /// Longest issuer name accepted, in characters.
    public static let maximumLength = 200

    /// `name` in normalisation form C (ASCII needs no work).
    public static func normalized(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) { return name }
        return name.precomposedStringWithCanonicalMapping
    }

    /// Why `name` cannot be an issuer's, or `nil` when it can.
    public static func problem(_ name: String) -> String? {
        guard !name.trimmingSpaces.isEmpty else { return "the issuer's name is empty" }
        guard name.count <= maximumLength else { return "the issuer's name is longer than \(maximumLength) characters" }
        if let bad = name.unicodeScalars.first(where: { TerminalText.isUnsafe($0.value) }) {
            return "the issuer's name holds the control character \(TerminalText.visible(bad.value)); a name is one line of visible text"
        }
        return nil
    }

    /// The form two names share when a person could not tell them apart on a screen or a
    /// card: compatibility forms folded (NFKC), case folded, invisible format characters
    /// dropped, common look-alike letters and punctuation mapped to one of them, and runs of
    /// white space made one space.
    public static func skeleton(_ name: String) -> String {
        let folded = name.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            if scalar.properties.isDefaultIgnorableCodePoint { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            out.append(lookAlikes[scalar] ?? scalar)
        }
        if out.last == " " { out.removeLast() }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// Letters and marks that render like a Latin letter or an ASCII mark in common fonts,
    /// mapped to it (after case folding, so lower case only).
    private static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            // Cyrillic
            ("а", "a"), ("в", "b"), ("е", "e"), ("ё", "ë"), ("һ", "h"), ("і", "i"), ("ї", "ï"), ("ј", "j"), ("к", "k"),
            ("м", "m"), ("н", "h"), ("о", "o"), ("р", "p"), ("с", "c"), ("т", "t"), ("у", "y"), ("х", "x"), ("ѕ", "s"),
            ("ԁ", "d"), ("ԛ", "q"), ("ԝ", "w"), ("ɡ", "g"),
            // Greek
            ("α", "a"), ("β", "b"), ("ε", "e"), ("η", "n"), ("ι", "i"), ("κ", "k"), ("ν", "v"), ("ο", "o"), ("ρ", "p"),
            ("τ", "t"), ("υ", "u"), ("χ", "x"), ("ω", "w"),
            // Latin look-alikes
            ("ı", "i"), ("ℓ", "l"), ("ǀ", "l"),
            // Punctuation
            ("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201B}", "'"), ("\u{2032}", "'"), ("\u{00B4}", "'"), ("`", "'"), ("\u{02BC}", "'"),
            ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{201E}", "\""), ("\u{2033}", "\""),
            ("\u{2010}", "-"), ("\u{2011}", "-"), ("\u{2012}", "-"), ("\u{2013}", "-"), ("\u{2014}", "-"), ("\u{2015}", "-"), ("\u{2212}", "-"),
            ("\u{00B7}", "."), ("\u{2024}", "."), ("\u{3002}", "."),
        ]
        var table = [Unicode.Scalar: Unicode.Scalar]()
        for (from, to) in pairs { table[from.unicodeScalars.first!] = to.unicodeScalars.first! }
        return table
    }()

    /// The first pair of distinct names among `names` (already in form C) that share a
    /// skeleton, or `nil` when no two look alike.
    public static func lookAlike(among names: some Sequence<String>) -> (String, String)? {
        var seen = [String: String]()
        for name in names {
            let key = skeleton(name)
            if let other = seen[key] {
                if other != name { return (other, name) }
            } else {
                seen[key] = name
            }
        }
        return nil
    }
}

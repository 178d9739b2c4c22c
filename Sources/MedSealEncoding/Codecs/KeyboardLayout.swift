/// What a keyboard-wedge scanner types when it sends the keys of a US keyboard to a computer
/// set to another keyboard layout: the keys are right, their characters are not. `MS1:` comes
/// out as `MS1Ö` on a German layout and as `?S&M` on a French one, and scanning again gives
/// the same text. Each layout here says what every character it shows was meant to be, so the
/// text can be read back; the signature still covers every byte, so a wrong reading can only
/// fail, never pass.
///
/// The characters come from xkeyboard-config's layouts (the `symbols` files of xkb-data 2.35:
/// `de`, `ch`, `fr`, `be`, `es`, `latam`, `it`, `pt`, `br`, `se`, `fi`, `no`, `dk`, `nl`), for
/// the keys a US keyboard uses to type the Base45 alphabet, `MS1:`, `HC1:` and `shc:/`.
/// Composed dead keys are read back too: on a German layout the `+` key is a dead grave, so
/// `+A` arrives as `À`.
public struct KeyboardLayout: Sendable, Hashable {
    /// The layout's name, for messages.
    public let name: String
    /// What each character the layout shows was meant to be, for those that differ.
    let meant: [Character: String]

    init(_ name: String, _ meant: [Character: String]) {
        self.name = name
        self.meant = meant
    }

    /// `text` with every character read back to what the scanner meant.
    public func retyped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text { result += meant[character] ?? String(character) }
        return result
    }

    /// The distinct readings of `text` under the layouts here that turn its start into one of
    /// `prefixes` (compared without regard to case) when the text itself does not start with
    /// one, with the layouts that give each. Letters are read as capitals.
    public static func readings(of text: String, prefixes: [String]) -> [(text: String, layouts: [KeyboardLayout])] {
        let start = String(text.drop { $0 == " " || $0 == "\t" }.prefix(8))
        // A layout that changes none of the first characters cannot make them a prefix.
        guard start.contains(where: { shownCharacters.contains($0) }) else { return [] }
        func claims(_ candidate: String) -> Bool { prefixes.contains { CaseFoldedPrefix.matches(candidate.utf8[...], $0) } }
        guard !claims(start) else { return [] }
        var readings = [(text: String, layouts: [KeyboardLayout])]()
        for layout in common where claims(layout.retyped(start)) {
            // With Caps Lock on as well, letters arrive small and some keys' characters do
            // not (`?` for M on AZERTY): letters are made capital, as Base45 has them.
            let reading = String(layout.retyped(text).map { $0.isASCII && $0.isLowercase ? Character($0.uppercased()) : $0 })
            if let index = readings.firstIndex(where: { $0.text == reading }) { readings[index].layouts.append(layout) } else { readings.append((reading, [layout])) }
        }
        return readings
    }

    /// Every character some layout here shows for another.
    static let shownCharacters = Set(common.flatMap(\.meant.keys))

    /// Grave accent as a dead key, for `+`: the accent alone, or composed with a vowel.
    static let deadGrave: [Character: String] = [
        "`": "+", "À": "+A", "È": "+E", "Ì": "+I", "Ò": "+O", "Ù": "+U", "à": "+a", "è": "+e", "ì": "+i", "ò": "+o", "ù": "+u",
    ]
    /// Y and Z swapped (QWERTZ).
    static let qwertz: [Character: String] = ["Y": "Z", "Z": "Y", "y": "z", "z": "y"]
    /// The AZERTY letters: A and Q, Z and W swapped; M where US has `;`, and `,` where US has M.
    static let azertyLetters: [Character: String] = [
        "A": "Q", "Q": "A", "a": "q", "q": "a", "Z": "W", "W": "Z", "z": "w", "w": "z", "?": "M", ",": "m", "M": ":", "m": ":",
    ]
    /// The nordic layouts' shared keys: `¤` for `$`, `(` for `*`, `+` for `-`, `-` for `/`,
    /// and the dead grave for `+`.
    static func nordic(colon: Character) -> [Character: String] {
        var meant: [Character: String] = ["¤": "$", "(": "*", "+": "-", "-": "/", colon: ":"]
        if let lower = colon.lowercased().first, lower != colon { meant[lower] = ":" }
        return meant.merging(deadGrave) { first, _ in first }
    }

    /// The layouts tried, in this order.
    public static let common: [KeyboardLayout] = [
        KeyboardLayout("German", qwertz.merging(["(": "*", "ß": "-", "-": "/", "Ö": ":", "ö": ":"]) { $1 }.merging(deadGrave) { $1 }),
        KeyboardLayout("Swiss", qwertz.merging(["ç": "$", "(": "*", "'": "-", "-": "/", "é": ":", "É": ":"]) { $1 }.merging(deadGrave) { $1 }),
        KeyboardLayout("French", azertyLetters.merging([
            "&": "1", "é": "2", "\"": "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8", "ç": "9", "à": "0",
            "4": "$", "5": "%", "8": "*", ")": "-", ":": ".", "!": "/",
        ]) { $1 }),
        KeyboardLayout("Belgian", azertyLetters.merging([
            "&": "1", "é": "2", "\"": "3", "'": "4", "(": "5", "§": "6", "è": "7", "!": "8", "ç": "9", "à": "0",
            "4": "$", "5": "%", "8": "*", "_": "+", ")": "-", ":": ".", "=": "/",
        ]) { $1 }),
        KeyboardLayout("Spanish", ["(": "*", "¿": "+", "'": "-", "-": "/", "Ñ": ":", "ñ": ":"]),
        KeyboardLayout("Latin American", ["(": "*", "¡": "+", "'": "-", "-": "/", "Ñ": ":", "ñ": ":"]),
        KeyboardLayout("Italian", ["(": "*", "^": "+", "'": "-", "-": "/", "ç": ":", "Ç": ":"]),
        KeyboardLayout("Portuguese", ["(": "*", "»": "+", "'": "-", "-": "/", "Ç": ":", "ç": ":"]),
        KeyboardLayout("Brazilian", [";": "/", "Ç": ":", "ç": ":"]),
        KeyboardLayout("Swedish or Finnish", nordic(colon: "Ö")),
        KeyboardLayout("Norwegian", nordic(colon: "Ø")),
        KeyboardLayout("Danish", nordic(colon: "Æ")),
        KeyboardLayout("Dutch", ["±": ":", "(": "*", "-": "/", "/": "-", "~": "+", "Ã": "+A", "Ñ": "+N", "Õ": "+O", "ã": "+a", "ñ": "+n", "õ": "+o"]),
    ]

}

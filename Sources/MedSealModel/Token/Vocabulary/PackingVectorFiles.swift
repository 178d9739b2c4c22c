import MedSealEncoding

/// Body form 2's model as text files for other implementations (`Vectors/format/`): the
/// vocabulary, one entry a line; the preset items, one CBOR item in hex a line; and the code
/// lengths of every symbol in each context, from which the canonical codes follow.
public enum PackingVectorFiles {
    /// (path under `Vectors/`, contents).
    public static func files(model: PackingModel = ClinicalVocabulary.version2) -> [(String, String)] {
        let text = model.text
        var vocabulary = "# MedSeal clinical vocabulary, version 2 (token body form 2): \(text.entries.count) entries, one a line, index = entry number from 0;\n"
        vocabulary += "# the first \(text.commonCount) are common (index in \(text.commonIndexWidth) bits), the rest in \(text.rareIndexWidth) bits.\n"
        vocabulary += text.entries.joined(separator: "\n") + "\n"
        var presets = "# Preset items of token body form 2: \(model.presets.count), one deterministic CBOR item in hex a line, index from 0 in \(TextModel.width(for: model.presets.count)) bits.\n"
        presets += model.presets.map { ByteText.hex($0) }.joined(separator: "\n") + "\n"
        var lengths = "# Code lengths of the text symbols of token body form 2, one symbol a line: symbol, then its length in contexts 0 1 2 3\n"
        lengths += "# (0: start of text or after a sign or space, 1: after a small letter, 2: after a capital, 3: after a digit).\n"
        let fixed = TextModel.Symbol.allCases
        for index in 0..<(fixed.count + text.literals.count) {
            let name = index < fixed.count ? "\(fixed[index])" : "U+" + String(text.literals[index - fixed.count].value, radix: 16, uppercase: true)
            lengths += name + " " + text.codes.map { String($0.lengths[index]) }.joined(separator: " ") + "\n"
        }
        return [("format/vocabulary-v2.txt", vocabulary), ("format/presets-v2.hex", presets), ("format/text-codes-v2.txt", lengths)]
    }
}

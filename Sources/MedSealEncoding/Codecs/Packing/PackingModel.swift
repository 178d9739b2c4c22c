/// Everything ``PackedCBOR`` packs with: the text model, and preset items (claim keys, country
/// codes, fixed values, common codings) that any message may name by index instead of
/// writing them out.
public final class PackingModel: Sendable {
    public let text: TextModel
    /// The preset items, as deterministic CBOR.
    public let presets: [[UInt8]]
    let presetIndex: [[UInt8]: Int]
    let presetWidth: Int

    public init(text: TextModel, presets: [CBOR]) {
        self.text = text
        var unique = [[UInt8]]()
        var index = [[UInt8]: Int]()
        for item in presets {
            let encoded = CBORWriter.encode(item)
            guard index[encoded] == nil else { continue }
            index[encoded] = unique.count
            unique.append(encoded)
        }
        self.presets = unique
        self.presetIndex = index
        self.presetWidth = TextModel.width(for: unique.count)
    }
}

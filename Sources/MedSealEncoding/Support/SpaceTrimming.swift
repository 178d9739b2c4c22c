extension String {
    /// The text without the spaces and tabs around it (tab and the Unicode space separators,
    /// what Foundation's `CharacterSet.whitespaces` holds), made only when there are any: a
    /// text with none, as nearly every field is, comes back as it is, with no Foundation
    /// string bridging on the way (that cost a record of many lab results 40 % of its time).
    public var trimmingSpaces: String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value == 0x20 || scalar.value == 0x09 || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        guard isSpace(first) || isSpace(last) else { return String(self) }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

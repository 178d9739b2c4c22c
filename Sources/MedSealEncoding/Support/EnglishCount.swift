/// A count with an English noun in the matching number ("1 entry", "2 entries"), for the
/// messages and listings that are in English. Words shown to patients and staff in their own
/// language are in `Phrase`.
public enum EnglishCount {
    /// `count` followed by `singular` when it is 1 and by `plural` (default: `singular` + "s")
    /// otherwise.
    public static func of(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}

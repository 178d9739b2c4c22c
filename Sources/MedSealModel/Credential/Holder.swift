import MedSealEncoding

/// The person a credential names, in the form every format can state: a name, and a birth
/// date that other systems may give only in part (`1964`, `1964-08`) or leave empty.
public struct Holder: Hashable, Sendable, Codable {
    public var name: String
    /// The birth date as written: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty.
    public var birthDate: String

    public init(name: String, birthDate: String) {
        self.name = name
        self.birthDate = birthDate
    }

    public init(_ patient: Patient) {
        self.init(name: patient.name, birthDate: patient.birthDate.description)
    }

    /// The birth date when it is a whole date.
    public var fullBirthDate: FullDate? { FullDate(birthDate) }

    /// The days the birth date can mean: one for `YYYY-MM-DD`, a month for `YYYY-MM`, a
    /// year for `YYYY`; `nil` when it is empty or not one of these forms. A month or day of
    /// `00` means "unknown", as real EU DCCs write it (`1963-00-00`, `1963-00`, `1963-04-00`):
    /// the whole year, or the whole month.
    public var birthDateRange: ClosedRange<FullDate>? {
        if let full = fullBirthDate { return full...full }
        let parts = birthDate.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let year = Int(parts[0]) else { return nil }
        let month = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        let day = parts.count == 3 ? Int(parts[2]) ?? 0 : 0
        guard month != 0 else {
            // A day without its month says nothing more than the year.
            guard day <= 31 else { return nil }
            return FullDate(year: year, month: 1, day: 1).flatMap { first in FullDate(year: year, month: 12, day: 31).map { first...$0 } }
        }
        guard (1...12).contains(month), let first = FullDate(year: year, month: month, day: 1),
              let last = FullDate(year: year, month: month, day: FullDate.daysIn(month: month, year: year)) else { return nil }
        guard day != 0 else { return first...last }
        // A whole date that does not exist (`1963-02-30`) is not one of these forms.
        return nil
    }
}

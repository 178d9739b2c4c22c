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
}

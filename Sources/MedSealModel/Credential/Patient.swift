import MedSealEncoding

/// The person a credential is about (FHIR/IPS `Patient`: name, birthDate, gender, communication).
public struct Patient: Hashable, Sendable, Codable, FieldCheckable {
    public var name: String
    public var birthDate: FullDate
    /// Administrative sex: `female`, `male`, `other` or `unknown`.
    public var sex: String?
    /// Languages the patient speaks (BCP 47 tags such as `en`, `es-MX`).
    public var languages: [String]?

    enum CodingKeys: Int, CodingKey {
        case name = 1, birthDate = 2, sex = 3, languages = 4
    }

    static let sexes = ["female", "male", "other", "unknown"]

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(name, FieldChecks.path(path(), "name"))
        if let sex { checks.require(Patient.sexes.contains(sex), FieldChecks.path(path(), "sex"), "must be one of \(Patient.sexes.joined(separator: ", "))") }
        for (index, language) in (languages ?? []).enumerated() {
            let valid = (2...35).contains(language.utf8.count) && language.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
            }
            checks.require(valid, FieldChecks.path(path(), "languages[\(index)]"), "not a language tag (such as en or es-MX)")
        }
    }
}

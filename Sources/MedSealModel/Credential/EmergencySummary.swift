import MedSealEncoding

/// An emergency health summary, after the HL7 International Patient Summary: what a
/// paramedic must know about a patient who cannot speak for themselves.
///
/// A list that is absent means "not recorded"; an empty list means "none known".
public struct EmergencySummary: Hashable, Sendable, Codable, FieldCheckable {
    public var patient: Patient
    /// ABO/Rh blood group: `A+`, `A-`, `B+`, `B-`, `AB+`, `AB-`, `O+`, `O-`.
    public var bloodType: String?
    public var allergies: [Allergy]?
    public var medications: [Medication]?
    public var conditions: [Condition]?
    /// Implants and other devices (pacemaker, insulin pump, metal implants …).
    public var devices: [Device]?
    /// Advance directives (DNR, living will …).
    public var directives: [Directive]?
    public var organDonor: Bool?
    public var contacts: [Contact]?
    public var notes: String?

    enum CodingKeys: Int, CodingKey {
        case patient = 1, bloodType = 2, allergies = 3, medications = 4, conditions = 5
        case devices = 6, directives = 7, organDonor = 8, contacts = 9, notes = 10
    }

    static let bloodTypes = ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"]

    /// A blood group as people write it, in the form tokens carry: German and other European
    /// records write group O as a zero ("0+", "0 Rh-"), some with a small letter or spaces, and
    /// with the minus sign or en dash (U+2212, U+2013) for "-".
    static func normalizedBloodType(_ text: String) -> String {
        var compact = String(text.uppercased().compactMap { character -> Character? in
            character.isWhitespace ? nil : character == "\u{2212}" || character == "\u{2013}" ? "-" : character
        })
        if let rh = compact.firstRange(of: "RH") { compact.removeSubrange(rh) }
        if compact.hasPrefix("0") { compact = "O" + compact.dropFirst() }
        return EmergencySummary.bloodTypes.contains(compact) ? compact : text
    }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        patient.check(&checks, at: "patient")
        if let bloodType {
            checks.require(EmergencySummary.bloodTypes.contains(bloodType), "bloodType", "must be one of \(EmergencySummary.bloodTypes.joined(separator: " "))")
        }
        allergies?.check(&checks, at: "allergies")
        medications?.check(&checks, at: "medications")
        conditions?.check(&checks, at: "conditions")
        devices?.check(&checks, at: "devices")
        directives?.check(&checks, at: "directives")
        contacts?.check(&checks, at: "contacts")
        checks.text(notes, "notes")
    }
}

/// An allergy or intolerance (IPS `AllergyIntolerance`).
public struct Allergy: Hashable, Sendable, Codable, FieldCheckable {
    public var substance: String
    public var reaction: String?
    /// Criticality: `high` means a reaction may be life-threatening.
    public var severity: Severity?
    public var code: Coding?

    /// IPS criticality, shortened to the two values that change what a responder does.
    public enum Severity: String, Hashable, Sendable, Codable, CaseIterable {
        case low, high

        /// Reads `low` or `high`, and says so for any other text.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let severity = Severity(rawValue: text) else {
                throw FieldError(path: describePath(decoder.codingPath), "must be low or high, not '\(text)'")
            }
            self = severity
        }
    }

    enum CodingKeys: Int, CodingKey {
        case substance = 1, reaction = 2, severity = 3, code = 4
    }

    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(substance, FieldChecks.path(path(), "substance"))
        checks.text(reaction, FieldChecks.path(path(), "reaction"))
        code?.check(&checks, at: FieldChecks.path(path(), "code"))
    }
}

/// A medication the patient takes (IPS `MedicationStatement`).
public struct Medication: Hashable, Sendable, Codable, FieldCheckable {
    public var name: String
    public var dose: String?
    public var code: Coding?

    enum CodingKeys: Int, CodingKey {
        case name = 1, dose = 2, code = 3
    }

    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(name, FieldChecks.path(path(), "name"))
        checks.text(dose, FieldChecks.path(path(), "dose"))
        code?.check(&checks, at: FieldChecks.path(path(), "code"))
    }
}

/// A condition or problem (IPS `Condition`).
public struct Condition: Hashable, Sendable, Codable, FieldCheckable {
    public var name: String
    public var code: Coding?

    enum CodingKeys: Int, CodingKey {
        case name = 1, code = 2
    }

    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(name, FieldChecks.path(path(), "name"))
        code?.check(&checks, at: FieldChecks.path(path(), "code"))
    }
}

/// An implant or medical device (IPS `DeviceUseStatement`).
public struct Device: Hashable, Sendable, Codable, FieldCheckable {
    public var name: String
    public var note: String?

    enum CodingKeys: Int, CodingKey {
        case name = 1, note = 2
    }

    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(name, FieldChecks.path(path(), "name"))
        checks.text(note, FieldChecks.path(path(), "note"))
    }
}

/// An advance directive (IPS `Consent` in the advance-directives section).
public struct Directive: Hashable, Sendable, Codable, FieldCheckable {
    /// The kind of directive, such as `DNR`.
    public var kind: String
    public var note: String?

    enum CodingKeys: Int, CodingKey {
        case kind = 1, note = 2
    }

    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(kind, FieldChecks.path(path(), "kind"))
        checks.text(note, FieldChecks.path(path(), "note"))
    }
}

/// Someone to call (FHIR `Patient.contact`).
public struct Contact: Hashable, Sendable, Codable, FieldCheckable {
    public var name: String
    public var relation: String?
    public var phone: String

    enum CodingKeys: Int, CodingKey {
        case name = 1, relation = 2, phone = 3
    }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(name, FieldChecks.path(path(), "name"))
        checks.text(relation, FieldChecks.path(path(), "relation"))
        checks.require(Contact.isPhoneNumber(phone), FieldChecks.path(path(), "phone"), "not a phone number (digits, spaces, + - ( ) only)")
    }

    /// Digits (of any script), spaces and `+ - ( ) .` only, with 3 to 20 digits.
    static func isPhoneNumber(_ phone: String) -> Bool {
        let punctuation: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x2B || $0 == 0x2D || $0 == 0x28 || $0 == 0x29 || $0 == 0x2E }
        // ASCII digits and punctuation, byte by byte; nil when the text holds anything else.
        let asciiDigits: Int?? = phone.utf8.withContiguousStorageIfAvailable { bytes in
            var digits = 0
            for byte in bytes {
                if (0x30...0x39).contains(byte) { digits += 1 } else if !punctuation(byte) { return nil }
            }
            return digits
        }
        if let digits = asciiDigits ?? nil { return (3...20).contains(digits) }
        // Other scripts' digits (Arabic-Indic, Devanagari …) count as digits too.
        guard phone.allSatisfy({ $0.isNumber || ($0.isASCII && punctuation($0.asciiValue!)) }) else { return false }
        return (3...20).contains(phone.count(where: \.isNumber))
    }
}

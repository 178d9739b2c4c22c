import MedSealEncoding

/// The sections of an emergency summary its holder may withhold, by their field numbers in
/// the compact form. Everything else is the safety floor (``SafetyFloor``).
public enum WithholdableSection: Int64, CaseIterable, Sendable {
    /// The allergies that are not severe (severe ones are always shown).
    case allergies = 3
    /// The medications that are not high-risk (anticoagulants, insulin … are always shown).
    case medications = 4
    case conditions = 5
    case organDonor = 8
    case contacts = 9
    case notes = 10

    /// The section's field name, as in input files and `--show`.
    public var name: String {
        switch self {
        case .allergies: return "allergies"
        case .medications: return "medications"
        case .conditions: return "conditions"
        case .organDonor: return "organDonor"
        case .contacts: return "contacts"
        case .notes: return "notes"
        }
    }

    public init?(name: String) {
        guard let section = WithholdableSection.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = section
    }
}

/// What no presentation of an emergency summary may leave out: the patient, blood type,
/// implants and devices, advance directives, severe allergies and high-risk medicines. The
/// issuer signs them in clear; only the rest is turned into disclosures.
public enum SafetyFloor {
    /// The sections that are always shown whole, by field number and name.
    public static let sections: [(label: Int64, name: String)] = [(1, "patient"), (2, "bloodType"), (6, "devices"), (7, "directives")]

    /// What the floor shows, in words, for messages.
    public static let description = "blood type, devices, directives, severe allergies and high-risk medicines"
}

/// A document cut into what the issuer signs in clear and the disclosures its holder may
/// reveal or withhold (put back together by ``CredentialDocument/merging(_:floorProblems:texts:)``).
public struct WithholdableParts: Sendable {
    /// The clear part: the safety floor of an emergency summary, the patient of a vaccination
    /// record (with no doses); and the same in compact CBOR.
    public let clearDocument: CredentialDocument
    public var clear: CBOR { clearDocument.cbor }
    /// One disclosure per withholdable part, in label order.
    public let disclosures: [Disclosure]

    /// Parts as given, for conformance vectors that test what a verifier refuses (a credential
    /// that lets its holder withhold the blood type).
    public init(clear: CredentialDocument, disclosures: [Disclosure]) {
        self.clearDocument = clear
        self.disclosures = disclosures
    }

    /// Cuts `document`: an emergency summary by section (severe allergies and high-risk
    /// medicines stay in clear), a vaccination record by vaccine (each vaccine's doses one part).
    public init(_ document: CredentialDocument, salt: () -> [UInt8] = { Sodium.randomBytes(Disclosure.saltLength) }) {
        var parts = [(Int64, CBOR)]()
        func encoded<T: Encodable>(_ value: T) -> CBOR { (try? CBORValueEncoder.encode(value)) ?? .null }
        switch document {
        case .emergency(let summary):
            var clear = summary
            if let allergies = summary.allergies {
                let severe = allergies.filter { $0.severity == .high }, other = allergies.filter { $0.severity != .high }
                if !other.isEmpty {
                    parts.append((WithholdableSection.allergies.rawValue, encoded(other)))
                    clear.allergies = severe.isEmpty ? nil : severe
                }
            }
            if let medications = summary.medications {
                let risky = medications.filter { MedicationRisk($0) != nil }, other = medications.filter { MedicationRisk($0) == nil }
                if !other.isEmpty {
                    parts.append((WithholdableSection.medications.rawValue, encoded(other)))
                    clear.medications = risky.isEmpty ? nil : risky
                }
            }
            if let conditions = summary.conditions { parts.append((WithholdableSection.conditions.rawValue, encoded(conditions))); clear.conditions = nil }
            if let donor = summary.organDonor { parts.append((WithholdableSection.organDonor.rawValue, .bool(donor))); clear.organDonor = nil }
            if let contacts = summary.contacts { parts.append((WithholdableSection.contacts.rawValue, encoded(contacts))); clear.contacts = nil }
            if let notes = summary.notes { parts.append((WithholdableSection.notes.rawValue, .text(notes))); clear.notes = nil }
            self.clearDocument = .emergency(clear)
        case .vaccination(let record):
            var groups = [(key: String, doses: [Dose])]()
            for dose in record.doses {
                let key = dose.vaccine.system.uri + "|" + dose.vaccine.code
                if let index = groups.firstIndex(where: { $0.key == key }) { groups[index].doses.append(dose) } else { groups.append((key, [dose])) }
            }
            for (index, group) in groups.enumerated() { parts.append((Int64(index + 1), encoded(group.doses))) }
            var clear = record
            clear.doses = []
            self.clearDocument = .vaccination(clear)
        case .interop:
            self.clearDocument = document
        }
        disclosures = parts.map { Disclosure(salt: salt(), label: $0.0, value: $0.1) }
    }
}

/// A health document as plain text lines for a person, in their language and as much as
/// their profile shows. The patient's own words are shown as written.
public enum DocumentText {
    /// The lines describing `document` under `profile`.
    public static func lines(_ document: CredentialDocument, profile: DisclosureProfile = .full, _ phrases: Phrases = Phrases(.en)) -> [String] {
        switch (profile, document) {
        case (.checkpoint, _): return [patientLine(document.patient, phrases, full: false)]
        case (.emergency, .emergency(let summary)): return emergencyFirst(summary, phrases)
        case (_, .emergency(let summary)): return emergency(summary, phrases)
        case (_, .vaccination(let record)): return vaccination(record, phrases)
        }
    }

    static func label(_ text: String) -> String { (text + ":").padding(toLength: max(13, text.count + 2), withPad: " ", startingAt: 0) }

    static func patientLine(_ patient: Patient, _ phrases: Phrases, full: Bool = true) -> String {
        var line = label(phrases(.patient)) + "\(patient.name), \(phrases(.born)) \(phrases.date(patient.birthDate))"
        guard full else { return line }
        if let sex = patient.sex { line += ", \(sex)" }
        if let languages = patient.languages, !languages.isEmpty { line += "; \(languages.joined(separator: ", "))" }
        return line
    }

    static func coded(_ code: Coding?) -> String {
        code.map { " [\($0.system) \($0.code)]" } ?? ""
    }

    /// A section: "not recorded" for an absent list, "none known" for an empty one.
    static func section<T>(_ title: String, _ items: [T]?, _ phrases: Phrases, _ describe: (T) -> String) -> [String] {
        guard let items else { return ["\(title): \(phrases(.notRecorded))"] }
        guard !items.isEmpty else { return ["\(title): \(phrases(.noneKnown))"] }
        return ["\(title):"] + items.map { "  - " + describe($0) }
    }

    static func allergy(_ allergy: Allergy) -> String {
        allergy.substance + (allergy.reaction.map { " — \($0)" } ?? "") + coded(allergy.code)
    }

    static func medication(_ medication: Medication) -> String {
        medication.name + (medication.dose.map { ", \($0)" } ?? "") + coded(medication.code)
    }

    static func contacts(_ summary: EmergencySummary, _ phrases: Phrases) -> [String] {
        section(phrases(.contacts), summary.contacts, phrases) { $0.name + ($0.relation.map { " (\($0))" } ?? "") + ": " + $0.phone }
    }

    /// Critical facts first, then the rest, then contacts (the emergency profile).
    static func emergencyFirst(_ summary: EmergencySummary, _ phrases: Phrases) -> [String] {
        var lines = [patientLine(summary.patient, phrases)]
        let critical = CriticalFact.of(summary, phrases)
        if !critical.isEmpty {
            lines.append(phrases(.critical))
            lines += critical.map { "  ! \($0.label): \($0.text)" }
        }
        lines.append(phrases(.otherFacts))
        var rest = [String]()
        if summary.bloodType == nil { rest.append("\(phrases(.bloodType)): \(phrases(.notRecorded))") }
        rest += section(phrases(.allergies), summary.allergies.map { $0.filter { $0.severity != .high } }, phrases, allergy)
        rest += section(phrases(.medications), summary.medications.map { $0.filter { MedicationRisk($0) == nil } }, phrases, medication)
        rest += section(phrases(.conditions), summary.conditions, phrases) { $0.name + coded($0.code) }
        if summary.devices == nil { rest.append("\(phrases(.devices)): \(phrases(.notRecorded))") }
        if summary.directives == nil { rest.append("\(phrases(.directives)): \(phrases(.notRecorded))") }
        if let donor = summary.organDonor { rest.append("\(phrases(.organDonor)): \(phrases(donor ? .yes : .no))") }
        if let notes = summary.notes { rest.append("\(phrases(.notes)): \(notes)") }
        lines += rest.map { "  " + $0 }
        return lines + contacts(summary, phrases)
    }

    /// Every section in the document's order (the full profile).
    static func emergency(_ summary: EmergencySummary, _ phrases: Phrases) -> [String] {
        var lines = [patientLine(summary.patient, phrases)]
        lines.append(label(phrases(.bloodType)) + (summary.bloodType ?? phrases(.notRecorded)))
        let allergies = summary.allergies.map { $0.sorted { ($0.severity == .high ? 0 : 1) < ($1.severity == .high ? 0 : 1) } }
        lines += section(phrases(.allergies), allergies, phrases) { item in
            item.substance + (item.reaction.map { " — \($0)" } ?? "") + (item.severity == .high ? " (\(phrases(.severeAllergy)))" : "") + coded(item.code)
        }
        lines += section(phrases(.medications), summary.medications, phrases, medication)
        lines += section(phrases(.conditions), summary.conditions, phrases) { $0.name + coded($0.code) }
        lines += section(phrases(.devices), summary.devices, phrases) { $0.name + ($0.note.map { " (\($0))" } ?? "") }
        lines += section(phrases(.directives), summary.directives, phrases) { $0.kind + ($0.note.map { " — \($0)" } ?? "") }
        if let donor = summary.organDonor { lines.append(label(phrases(.organDonor)) + phrases(donor ? .yes : .no)) }
        lines += contacts(summary, phrases)
        if let notes = summary.notes { lines.append(label(phrases(.notes)) + notes) }
        return lines
    }

    static func vaccination(_ record: VaccinationRecord, _ phrases: Phrases) -> [String] {
        var lines = [patientLine(record.patient, phrases), phrases(.doses) + ":"]
        for dose in record.doses {
            let number = dose.seriesDoses.map { phrases(.doseOf, String(dose.doseNumber), String($0)) } ?? phrases(.dose, String(dose.doseNumber))
            var text = "  \(dose.date)  \(number)  \(dose.product ?? "") [\(dose.vaccine.system) \(dose.vaccine.code)]"
            if let manufacturer = dose.manufacturer { text += ", \(manufacturer)" }
            text += ", \(phrases(.lot)) \(dose.lot), \(dose.country)"
            if let centre = dose.centre { text += ", \(centre)" }
            lines.append(text)
        }
        return lines
    }
}

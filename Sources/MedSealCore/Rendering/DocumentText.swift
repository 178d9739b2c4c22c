/// A health document as plain text lines for a person: most urgent facts first.
public enum DocumentText {
    /// The lines describing `document`.
    public static func lines(_ document: CredentialDocument) -> [String] {
        switch document {
        case .emergency(let summary): return emergency(summary)
        case .vaccination(let record): return vaccination(record)
        }
    }

    static func patientLine(_ patient: Patient) -> String {
        var line = "Patient:     \(patient.name), born \(patient.birthDate)"
        if let sex = patient.sex { line += ", \(sex)" }
        if let languages = patient.languages, !languages.isEmpty { line += "; speaks \(languages.joined(separator: ", "))" }
        return line
    }

    static func coded(_ code: Coding?) -> String {
        code.map { " [\($0.system) \($0.code)]" } ?? ""
    }

    /// A section: "not recorded" for an absent list, "none known" for an empty one.
    static func section<T>(_ title: String, _ items: [T]?, _ describe: (T) -> String) -> [String] {
        guard let items else { return ["\(title): not recorded"] }
        guard !items.isEmpty else { return ["\(title): none known"] }
        return ["\(title):"] + items.map { "  - " + describe($0) }
    }

    static func emergency(_ summary: EmergencySummary) -> [String] {
        var lines = [patientLine(summary.patient)]
        lines.append("Blood type:  \(summary.bloodType ?? "not recorded")")
        let allergies = summary.allergies.map { $0.sorted { ($0.severity == .high ? 0 : 1) < ($1.severity == .high ? 0 : 1) } }
        lines += section("Allergies", allergies) { allergy in
            var text = allergy.substance
            if let reaction = allergy.reaction { text += " — \(reaction)" }
            if allergy.severity == .high { text += " (HIGH RISK)" }
            return text + coded(allergy.code)
        }
        lines += section("Medications", summary.medications) { $0.name + ($0.dose.map { ", \($0)" } ?? "") + coded($0.code) }
        lines += section("Conditions", summary.conditions) { $0.name + coded($0.code) }
        lines += section("Implants and devices", summary.devices) { $0.name + ($0.note.map { " (\($0))" } ?? "") }
        lines += section("Advance directives", summary.directives) { $0.kind + ($0.note.map { " — \($0)" } ?? "") }
        if let donor = summary.organDonor { lines.append("Organ donor: \(donor ? "yes" : "no")") }
        lines += section("Emergency contacts", summary.contacts) { contact in
            contact.name + (contact.relation.map { " (\($0))" } ?? "") + ": " + contact.phone
        }
        if let notes = summary.notes { lines.append("Notes:       \(notes)") }
        return lines
    }

    static func vaccination(_ record: VaccinationRecord) -> [String] {
        var lines = [patientLine(record.patient), "Doses:"]
        for dose in record.doses {
            var text = "  \(dose.date)  dose \(dose.doseNumber)" + (dose.seriesDoses.map { " of \($0)" } ?? "")
            text += "  \(dose.product ?? "vaccine") [\(dose.vaccine.system) \(dose.vaccine.code)]"
            if let manufacturer = dose.manufacturer { text += ", \(manufacturer)" }
            text += ", lot \(dose.lot), \(dose.country)"
            if let centre = dose.centre { text += ", \(centre)" }
            lines.append(text)
        }
        return lines
    }
}

import MedSealEncoding
import MedSealModel
import MedSealVerification

/// A health document as plain text lines for a person, in their language and as much as
/// their profile shows. The patient's own words are shown as written.
public enum DocumentText {
    /// The lines describing `document` under `profile`; an absent section named in `absent`
    /// (by field name) reads as that text ("withheld by the patient" in a presentation, "not
    /// recorded, or sealed" beside sealed items), not "not recorded".
    public static func lines(_ document: CredentialDocument, profile: DisclosureProfile = .full, _ phrases: Phrases = Phrases(.en),
                             absent: [String: String] = [:]) -> [String] {
        let withheld = absent
        switch (profile, document) {
        case (.checkpoint, _): return [holderLine(document.holder, phrases)]
        case (.emergency, .emergency(let summary)): return emergencyFirst(summary, phrases, withheld)
        case (_, .emergency(let summary)): return emergency(summary, phrases, withheld)
        case (_, .vaccination(let record)): return [patientLine(record.patient, phrases)] + doseTable(record.doses, phrases)
        case (_, .interop(let record)): return interop(record, phrases)
        }
    }

    static func label(_ text: String) -> String { (text + ":").padding(toLength: max(13, text.count + 2), withPad: " ", startingAt: 0) }

    /// Name and birth date only (the checkpoint profile, and other systems' credentials).
    static func holderLine(_ holder: Holder, _ phrases: Phrases) -> String {
        let born = holder.fullBirthDate.map { phrases.date($0) } ?? (holder.birthDate.isEmpty ? phrases(.notRecorded) : holder.birthDate)
        return label(phrases(.patient)) + "\(holder.name.isEmpty ? phrases(.notRecorded) : holder.name), \(phrases(.born)) \(born)"
    }

    static func patientLine(_ patient: Patient, _ phrases: Phrases) -> String {
        var line = holderLine(Holder(patient), phrases)
        if let sex = patient.sex { line += ", " + phrases.sex(sex) }
        if let languages = patient.languages, !languages.isEmpty { line += "; \(languages.joined(separator: ", "))" }
        return line
    }

    static func coded(_ code: Coding?) -> String {
        code.map { " [\($0.system) \($0.code)]" } ?? ""
    }

    /// A section: "not recorded" for an absent list, "none known" for an empty one.
    static func section<T>(_ title: String, _ items: [T]?, _ phrases: Phrases, withheld: String? = nil, _ describe: (T) -> String) -> [String] {
        guard let items else { return ["\(title): \(withheld ?? phrases(.notRecorded))"] }
        guard !items.isEmpty else { return ["\(title): \(phrases(.noneKnown))"] }
        return ["\(title):"] + items.map { "  - " + describe($0) }
    }

    /// A section under the critical facts: the items not already shown among them. When every
    /// item is shown there, the section is left out: "none known" would contradict them.
    static func remainder<T>(_ title: String, _ items: [T]?, shownAbove: (T) -> Bool, _ phrases: Phrases, withheld: String?, _ describe: (T) -> String) -> [String] {
        guard let items, !items.isEmpty else { return section(title, items, phrases, withheld: withheld, describe) }
        let rest = items.filter { !shownAbove($0) }
        return rest.isEmpty ? [] : section(title, rest, phrases, describe)
    }

    static func allergy(_ allergy: Allergy) -> String {
        allergy.substance + (allergy.reaction.map { " — \($0)" } ?? "") + coded(allergy.code)
    }

    static func medication(_ medication: Medication) -> String {
        medication.name + (medication.dose.map { ", \($0)" } ?? "") + coded(medication.code)
    }

    static func contacts(_ summary: EmergencySummary, _ phrases: Phrases, _ withheld: [String: String]) -> [String] {
        section(phrases(.contacts), summary.contacts, phrases, withheld: withheld["contacts"]) { $0.name + ($0.relation.map { " (\($0))" } ?? "") + ": " + $0.phone }
    }

    /// Critical facts first, then the rest, then contacts (the emergency profile).
    static func emergencyFirst(_ summary: EmergencySummary, _ phrases: Phrases, _ withheld: [String: String]) -> [String] {
        var lines = [patientLine(summary.patient, phrases)]
        let critical = CriticalFact.of(summary, phrases)
        if !critical.isEmpty {
            lines.append(phrases(.critical))
            lines += critical.map { "  ! \($0.label): \($0.text)" }
        }
        lines.append(phrases(.otherFacts))
        var rest = [String]()
        if summary.bloodType == nil { rest.append("\(phrases(.bloodType)): \(phrases(.notRecorded))") }
        rest += remainder(phrases(.allergies), summary.allergies, shownAbove: { $0.severity == .high }, phrases, withheld: withheld["allergies"], allergy)
        rest += remainder(phrases(.medications), summary.medications, shownAbove: { MedicationRisk($0) != nil }, phrases, withheld: withheld["medications"], medication)
        rest += section(phrases(.conditions), summary.conditions, phrases, withheld: withheld["conditions"]) { $0.name + coded($0.code) }
        if summary.devices == nil { rest.append("\(phrases(.devices)): \(phrases(.notRecorded))") }
        if summary.directives == nil { rest.append("\(phrases(.directives)): \(phrases(.notRecorded))") }
        if let donor = summary.organDonor { rest.append("\(phrases(.organDonor)): \(phrases(donor ? .yes : .no))") }
        if let notes = summary.notes { rest.append("\(phrases(.notes)): \(notes)") }
        lines += rest.map { "  " + $0 }
        return lines + contacts(summary, phrases, withheld)
    }

    /// Every section in the document's order (the full profile).
    static func emergency(_ summary: EmergencySummary, _ phrases: Phrases, _ withheld: [String: String]) -> [String] {
        var lines = [patientLine(summary.patient, phrases)]
        lines.append(label(phrases(.bloodType)) + (summary.bloodType ?? phrases(.notRecorded)))
        let allergies = summary.allergies.map { $0.sorted { ($0.severity == .high ? 0 : 1) < ($1.severity == .high ? 0 : 1) } }
        lines += section(phrases(.allergies), allergies, phrases, withheld: withheld["allergies"]) { item in
            item.substance + (item.reaction.map { " — \($0)" } ?? "") + (item.severity == .high ? " (\(phrases(.severeAllergy)))" : "") + coded(item.code)
        }
        lines += section(phrases(.medications), summary.medications, phrases, withheld: withheld["medications"], medication)
        lines += section(phrases(.conditions), summary.conditions, phrases, withheld: withheld["conditions"]) { $0.name + coded($0.code) }
        lines += section(phrases(.devices), summary.devices, phrases) { $0.name + ($0.note.map { " (\($0))" } ?? "") }
        lines += section(phrases(.directives), summary.directives, phrases) { $0.kind + ($0.note.map { " — \($0)" } ?? "") }
        if let donor = summary.organDonor { lines.append(label(phrases(.organDonor)) + phrases(donor ? .yes : .no)) }
        lines += contacts(summary, phrases, withheld)
        if let notes = summary.notes { lines.append(label(phrases(.notes)) + notes) }
        return lines
    }

    /// One line per dose: date, number, product and code, manufacturer, lot, country, centre.
    static func doseTable(_ doses: [Dose], _ phrases: Phrases) -> [String] {
        var lines = [phrases(.doses) + ":"]
        for dose in doses {
            let number = dose.seriesDoses.map { phrases(.doseOf, String(dose.doseNumber), String($0)) } ?? phrases(.dose, String(dose.doseNumber))
            var text = "  \(dose.date)  \(number)  " + (dose.product.map { "\($0) " } ?? "") + "[\(dose.vaccine.system) \(dose.vaccine.code)]"
            if let manufacturer = dose.manufacturer { text += ", \(manufacturer)" }
            if !dose.lot.isEmpty { text += ", \(phrases(.lot)) \(dose.lot)" }
            if !dose.country.isEmpty { text += ", \(dose.country)" }
            if let centre = dose.centre { text += ", \(centre)" }
            lines.append(text)
        }
        return lines
    }

    /// Another system's content: holder, disease, doses, tests, recoveries, certificate.
    static func interop(_ record: InteropRecord, _ phrases: Phrases) -> [String] {
        var lines = [holderLine(record.holder, phrases)]
        if let disease = record.disease { lines.append(label(phrases(.disease)) + disease) }
        if !record.doses.isEmpty { lines += doseTable(record.doses, phrases) }
        if !record.tests.isEmpty {
            lines.append(phrases(.tests) + ":")
            for test in record.tests {
                let place = [test.centre, test.country].compactMap { $0 }.joined(separator: ", ")
                lines.append("  " + (test.time.map { "\($0)  " } ?? "") + "\(test.test): \(test.result)" + (place.isEmpty ? "" : " (\(place))"))
            }
        }
        for recovery in record.recoveries {
            lines.append(label(phrases(.recoveries)) + phrases(.recoveryLine, recovery.firstPositive, recovery.validFrom, recovery.validUntil)
                         + (recovery.country.map { ", \($0)" } ?? ""))
        }
        if let id = record.certificateID {
            lines.append(label(phrases(.certificate)) + id + (record.certificateIssuer.map { " (\($0))" } ?? ""))
        }
        return lines
    }
}

import MedSealEncoding
import MedSealModel
import MedSealVerification

/// What a card can show of a credential, in the card's language: single texts, lists and
/// the dose table, looked up by the field names templates use.
public struct CardContent: Sendable {
    public let type: CredentialType
    var texts: [String: String] = [:]
    var lists: [String: [String]] = [:]
    /// Rows of the dose table: date, vaccine, dose, lot, country.
    var doses: [[String]] = []
    /// The record's sections for the `record` list, in the order a card gives them room:
    /// every section that the critical facts do not already show whole.
    var sections: [CardSection] = []
    let labels: CardLabels

    public init(claims: CredentialClaims, labels: CardLabels) {
        self.labels = labels
        type = claims.document.type ?? .vaccination
        let phrases = Phrases(labels.language)
        let holder = claims.document.holder
        texts["patient.name"] = holder.name
        texts["patient.born"] = labels("born", holder.fullBirthDate.map { phrases.date($0) } ?? holder.birthDate)
        texts["issuer"] = labels("issuedBy", claims.issuer)
        texts["expires"] = claims.expiresAt.map { labels("expires", phrases.date(epochSeconds: $0)) } ?? ""
        texts["credentialId"] = ByteText.hex(claims.credentialID)
        func items<T>(_ list: [T]?, _ describe: (T) -> String) -> [String] {
            guard let list else { return [labels("notRecorded")] }
            return list.isEmpty ? [labels("noneKnown")] : list.map(describe)
        }
        switch claims.document {
        case .emergency(let summary):
            texts["bloodType"] = summary.bloodType ?? labels("notRecorded")
            let critical = CriticalFact.of(summary, phrases).map { "\($0.label): \($0.text)" }
            lists["critical"] = critical.isEmpty ? [labels("noneKnown")] : critical
            lists["medications"] = items(summary.medications) { $0.name + ($0.dose.map { ", \($0)" } ?? "") }
            lists["allergies"] = items(summary.allergies) { $0.substance + ($0.reaction.map { " — \($0)" } ?? "") }
            lists["conditions"] = items(summary.conditions) { $0.name }
            lists["contacts"] = items(summary.contacts) { $0.name + ($0.relation.map { " (\($0))" } ?? "") + ": " + CardContent.phoneNumber($0.phone) }
            sections = CardContent.sections(of: summary, sealed: claims.sealed != nil, labels: labels, phrases: phrases)
        case .vaccination, .interop:
            doses = claims.document.doses.map { dose in
                [dose.date.description, dose.product.map { "\($0) (\(dose.vaccine.system) \(dose.vaccine.code))" } ?? "\(dose.vaccine.system) \(dose.vaccine.code)",
                 dose.seriesDoses.map { "\(dose.doseNumber)/\($0)" } ?? String(dose.doseNumber), dose.lot, dose.country]
            }
        }
    }

    /// The sections of `summary` a card's `record` list shows. Devices, directives and the
    /// blood group are critical facts, shown whole with them; severe allergies are too, so the
    /// allergies section then holds the others ("Other allergies").
    /// Sealed items are named as such (their content is not known to the card's printer either).
    static func sections(of summary: EmergencySummary, sealed: Bool, labels: CardLabels, phrases: Phrases) -> [CardSection] {
        var sections = [CardSection]()
        func add(_ key: String, _ entries: [String]?) {
            guard let entries else { return }
            sections.append(CardSection(label: labels(key), entries: entries.isEmpty ? [labels("noneKnown")] : entries))
        }
        add("medications", summary.medications.map { $0.map { $0.name + ($0.dose.map { " \($0)" } ?? "") } })
        let allergies = summary.allergies ?? []
        let severe = allergies.filter { $0.severity == .high }
        let others = allergies.filter { $0.severity != .high }
        if summary.allergies != nil, !(severe.count > 0 && others.isEmpty) {
            add(severe.isEmpty ? "allergies" : "otherAllergies", others.map { $0.substance + ($0.reaction.map { " — \($0)" } ?? "") })
        }
        add("conditions", summary.conditions.map { $0.map(\.name) })
        if let donor = summary.organDonor { add("organDonor", [phrases(donor ? .yes : .no)]) }
        if let notes = summary.notes, !notes.isEmpty { add("notes", [notes]) }
        if sealed { add("sealed", [labels("sealedEntry")]) }
        return sections
    }

    /// A phone number as a card shows it: with no-break spaces, so that a line is never
    /// wrapped inside it (split over two lines, it is easy to misdial), and isolated as
    /// left-to-right text (U+2066 … U+2069), so that in a right-to-left line, such as an Arabic
    /// name's, its `+` stays in front instead of moving to its end.
    static func phoneNumber(_ phone: String) -> String {
        "\u{2066}" + phone.replacingOccurrences(of: " ", with: "\u{00A0}") + "\u{2069}"
    }

    /// The line that names the sections a card could not show: "Conditions (3), Notes: scan the code".
    func scanLine(omitting omitted: ArraySlice<CardSection>) -> String {
        let names = omitted.map { $0.entries.count > 1 ? labels("sectionCount", $0.label, String($0.entries.count)) : $0.label }
        return labels("scanForSections", names.joined(separator: ", "))
    }

    /// The text of a field (`patient.name`, `label.howToVerify` …), or `nil` when unknown.
    func text(_ field: String) -> String? {
        if field.hasPrefix("label.") { return labels(String(field.dropFirst(6))) }
        return texts[field]
    }
}

/// One section of a record as a card lists it: its label and its entries.
struct CardSection: Sendable, Hashable {
    let label: String
    let entries: [String]

    /// The section as one list item: "Conditions: Asthma; Epilepsy".
    var item: String { label + ": " + entries.joined(separator: "; ") }
}

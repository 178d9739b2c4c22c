import MedSealEncoding

/// How much of a credential a verifier shows (and its JSON carries), for the person using it.
public enum DisclosureProfile: String, CaseIterable, Sendable {
    /// For paramedics: critical facts first (severe allergies, high-risk medicines, implants,
    /// directives, blood type), then the rest, then contacts. The default for emergency cards.
    case emergency
    /// For schools and checkpoints: name, date of birth and the rule's outcome; nothing else
    /// of the health data is shown or stored.
    case checkpoint
    /// Everything, in the document's order. The default for vaccination records, test
    /// results and recoveries.
    case full

    /// The profile used when none is chosen.
    public static func standard(for kind: DocumentKind) -> DisclosureProfile {
        kind == .emergency ? .emergency : .full
    }

    /// The profile for `--profile NAME`.
    public init(name: String) throws(UserError) {
        guard let profile = DisclosureProfile(rawValue: name) else {
            throw UserError(.usage, "--profile '\(name)' is not one of \(DisclosureProfile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = profile
    }
}

/// One fact an emergency responder must see first.
public struct CriticalFact: Hashable, Sendable {
    /// `severe-allergy`, `anticoagulant` (or another medication risk), `implant`, `directive`, `blood-type`.
    public var kind: String
    public var label: String
    public var text: String

    /// The critical facts of an emergency summary, most urgent first.
    public static func of(_ summary: EmergencySummary, _ phrases: Phrases) -> [CriticalFact] {
        var facts = [CriticalFact]()
        for allergy in summary.allergies ?? [] where allergy.severity == .high {
            facts.append(CriticalFact(kind: "severe-allergy", label: phrases(.severeAllergy), text: allergy.substance + (allergy.reaction.map { " — \($0)" } ?? "")))
        }
        for medication in summary.medications ?? [] {
            guard let risk = MedicationRisk(medication) else { continue }
            facts.append(CriticalFact(kind: risk.rawValue, label: phrases(risk.phrase), text: medication.name + (medication.dose.map { ", \($0)" } ?? "")))
        }
        for device in summary.devices ?? [] {
            facts.append(CriticalFact(kind: "implant", label: phrases(.implant), text: device.name + (device.note.map { " (\($0))" } ?? "")))
        }
        for directive in summary.directives ?? [] {
            facts.append(CriticalFact(kind: "directive", label: phrases(.directive), text: directive.kind + (directive.note.map { " — \($0)" } ?? "")))
        }
        if let blood = summary.bloodType { facts.append(CriticalFact(kind: "blood-type", label: phrases(.bloodType), text: blood)) }
        return facts
    }
}

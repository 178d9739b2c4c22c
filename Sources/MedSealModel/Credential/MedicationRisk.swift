import MedSealEncoding

/// Medicines a paramedic must know about first: bleeding, hypoglycaemia, respiratory
/// depression, infection, adrenal crisis, toxicity at small overdoses.
public enum MedicationRisk: String, Sendable, CaseIterable {
    case anticoagulant, insulin, opioid, immunosuppressant, corticosteroid, narrowMargin

    /// ATC code prefixes of each class (WHO ATC index).
    static let atcPrefixes: [(String, MedicationRisk)] = [
        ("B01A", .anticoagulant), ("A10A", .insulin), ("N02A", .opioid), ("L01", .immunosuppressant), ("L04", .immunosuppressant),
        ("H02AB", .corticosteroid), ("N05AN", .narrowMargin), ("C01AA", .narrowMargin),
    ]

    /// Common names (lower case) when no ATC code is given.
    static let names: [(String, MedicationRisk)] = [
        ("warfarin", .anticoagulant), ("acenocoumarol", .anticoagulant), ("phenprocoumon", .anticoagulant), ("apixaban", .anticoagulant),
        ("rivaroxaban", .anticoagulant), ("dabigatran", .anticoagulant), ("edoxaban", .anticoagulant), ("heparin", .anticoagulant),
        ("enoxaparin", .anticoagulant), ("dalteparin", .anticoagulant), ("tinzaparin", .anticoagulant), ("fondaparinux", .anticoagulant),
        ("clopidogrel", .anticoagulant), ("ticagrelor", .anticoagulant), ("prasugrel", .anticoagulant),
        ("insulin", .insulin), ("morphine", .opioid), ("oxycodone", .opioid), ("fentanyl", .opioid), ("hydromorphone", .opioid),
        ("methadone", .opioid), ("buprenorphine", .opioid), ("tramadol", .opioid), ("methotrexate", .immunosuppressant),
        ("tacrolimus", .immunosuppressant), ("ciclosporin", .immunosuppressant), ("cyclosporine", .immunosuppressant),
        ("azathioprine", .immunosuppressant), ("mycophenolate", .immunosuppressant), ("prednisolone", .corticosteroid),
        ("prednisone", .corticosteroid), ("hydrocortisone", .corticosteroid), ("dexamethasone", .corticosteroid),
        ("lithium", .narrowMargin), ("digoxin", .narrowMargin),
    ]

    /// The high-risk class of `medication`, from its ATC code or, failing that, its name.
    public init?(_ medication: Medication) {
        if let code = medication.code, code.system.description == "ATC",
           let match = Self.atcPrefixes.first(where: { code.code.uppercased().hasPrefix($0.0) }) {
            self = match.1
            return
        }
        let name = medication.name.lowercased()
        guard let match = Self.names.first(where: { name.contains($0.0) }) else { return nil }
        self = match.1
    }

    var phrase: Phrase {
        switch self {
        case .anticoagulant: return .riskAnticoagulant
        case .insulin: return .riskInsulin
        case .opioid: return .riskOpioid
        case .immunosuppressant: return .riskImmunosuppressant
        case .corticosteroid: return .riskCorticosteroid
        case .narrowMargin: return .riskNarrowMargin
        }
    }
}

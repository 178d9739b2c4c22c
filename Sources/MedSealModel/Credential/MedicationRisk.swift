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

    /// The names as bytes, for a search with no Foundation string machinery (a presentation's
    /// verifier runs it over every medication it is shown).
    static let nameBytes: [([UInt8], MedicationRisk)] = names.map { (Array($0.0.utf8), $0.1) }

    /// Whether `haystack` holds `needle` (both ASCII lower case where it matters).
    static func holds(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var index = 1
                while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The high-risk class of `medication`, from its ATC code or, failing that, its name.
    public init?(_ medication: Medication) {
        if let code = medication.code, code.system.description == "ATC",
           let match = Self.atcPrefixes.first(where: { code.code.uppercased().hasPrefix($0.0) }) {
            self = match.1
            return
        }
        // ASCII letters folded byte by byte; a name with other letters goes through lowercased().
        let utf8 = medication.name.utf8
        let name = utf8.allSatisfy({ $0 < 0x80 }) ? utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } : Array(medication.name.lowercased().utf8)
        guard let match = Self.nameBytes.first(where: { Self.holds(name, $0.0) }) else { return nil }
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

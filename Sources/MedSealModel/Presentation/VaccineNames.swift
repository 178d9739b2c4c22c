import MedSealEncoding

/// Short names of vaccine codes (CDC CVX table; SNOMED CT for the vaccines checkpoints ask
/// about most), for showing a dose and for choosing doses by name (`--show MMR`).
public enum VaccineNames {
    /// Names of CVX codes.
    public static let cvx: [String: String] = [
        "207": "Moderna COVID-19", "208": "Pfizer-BioNTech COVID-19", "210": "AstraZeneca COVID-19",
        "211": "Novavax COVID-19", "212": "Janssen COVID-19", "213": "COVID-19, unspecified",
        "217": "Pfizer-BioNTech COVID-19 (12+, tris-sucrose)", "218": "Pfizer-BioNTech COVID-19 (5–11)",
        "219": "Pfizer-BioNTech COVID-19 (6 months–4 years)", "221": "Moderna COVID-19 (booster)",
        "229": "Moderna COVID-19 bivalent", "300": "Pfizer-BioNTech COVID-19 bivalent",
        "03": "MMR", "94": "MMRV", "21": "Varicella", "37": "Yellow fever", "183": "Yellow fever (live)",
        "88": "Influenza, unspecified", "141": "Influenza", "150": "Influenza", "158": "Influenza", "171": "Influenza",
        "08": "Hepatitis B", "43": "Hepatitis B", "45": "Hepatitis B", "83": "Hepatitis A", "52": "Hepatitis A", "104": "Hepatitis A and B",
        "20": "DTaP", "106": "DTaP", "110": "DTaP-HepB-IPV", "115": "Tdap", "113": "Td", "09": "Td", "10": "IPV (polio)", "146": "DTaP-IPV-Hib-HepB",
        "62": "HPV", "165": "HPV (9-valent)", "187": "Zoster (recombinant)", "33": "Pneumococcal (PPSV23)",
        "133": "Pneumococcal (PCV13)", "215": "Pneumococcal (PCV15)", "216": "Pneumococcal (PCV20)",
        "114": "Meningococcal ACWY", "136": "Meningococcal ACWY", "147": "Meningococcal ACWY", "163": "Meningococcal B",
        "17": "Hib", "48": "Hib", "116": "Rotavirus", "119": "Rotavirus", "25": "Typhoid (oral)", "101": "Typhoid",
        "18": "Rabies", "175": "Rabies", "134": "Japanese encephalitis", "19": "BCG", "77": "Tick-borne encephalitis",
        "206": "Smallpox and mpox", "56": "Dengue",
    ]

    /// Names of the SNOMED CT vaccine codes of the EU DCC value set `vaccine-prophylaxis`.
    public static let snomed: [String: String] = [
        "1119305005": "COVID-19 (antigen)", "1119349007": "COVID-19 (mRNA)", "1162643001": "COVID-19 (recombinant spike protein)",
        "1157024006": "COVID-19 (inactivated)", "29061000087103": "COVID-19 (viral vector)", "28531000087107": "COVID-19",
        "30141000087107": "COVID-19 (virus-like particle)", "1187593009": "COVID-19 (DNA plasmid)",
    ]

    /// The short name of `coding`, when it is a known vaccine code.
    public static func name(of coding: Coding) -> String? {
        switch coding.system {
        case .cvx: return cvx[coding.code]
        case .snomed: return snomed[coding.code]
        default: return nil
        }
    }
}

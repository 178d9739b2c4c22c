/// Display names for the codes of the EU DCC value sets (eHealth Network, version 1.3) that
/// certificates in circulation use. A code not listed is shown as it is.
enum DCCValueSets {
    static let diseases = ["840539006": "COVID-19"]

    static let vaccineProducts = [
        "EU/1/20/1528": "Comirnaty", "EU/1/20/1507": "Spikevax", "EU/1/21/1529": "Vaxzevria",
        "EU/1/20/1525": "COVID-19 Vaccine Janssen", "EU/1/21/1618": "Nuvaxovid",
    ]

    static let manufacturers = [
        "ORG-100030215": "Biontech Manufacturing GmbH", "ORG-100001699": "AstraZeneca AB",
        "ORG-100031184": "Moderna Biotech Spain S.L.", "ORG-100001417": "Janssen-Cilag International",
        "ORG-100032020": "Novavax CZ a.s.",
    ]

    static let testTypes = [
        "LP6464-4": "NAAT (PCR)", "LP217198-3": "rapid antigen test",
        "94309-2": "NAAT (PCR)", "94558-4": "rapid antigen test",
    ]

    static let testResults = ["260415000": "not detected", "260373001": "detected"]

    static func name(_ code: String, in table: [String: String]) -> String {
        table[code] ?? code
    }
}

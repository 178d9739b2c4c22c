import MedSealEncoding

/// The vocabulary of packed tokens (token body form 2): words and phrases of emergency
/// summaries and vaccination records in English, Spanish, French, German and Portuguese,
/// written from public lists (INNs and brands, conditions, allergens, reactions, devices,
/// directives, relations, vaccines and their makers, places, common names), not from any
/// record, and preset items (claim keys, country codes, vaccine codings). It is part of the
/// format: changing it makes a new version; `Vectors/format/vocabulary-v2.txt` holds it for
/// other implementations.
public enum ClinicalVocabulary {
    /// Vocabulary version 2 (version 1 was format 1's DEFLATE dictionary).
    public static let version2 = PackingModel(text: textModel, presets: presets)

    /// The text model: the lists in order, each entry at its first place, the first list's
    /// entries common; then every word of three or more letters of a phrase that is not an
    /// entry yet, in order.
    static let textModel: TextModel = {
        // Compared as UTF-8 bytes (the lists are NFC): hashing bytes is a tenth of hashing text.
        var all = [String](), seen = Set<[UInt8]>()
        for entry in entries(of: commonWords) where seen.insert(Array(entry.utf8)).inserted { all.append(entry) }
        let commonCount = all.count
        for list in [medicines, conditions, allergies, care, places, names] {
            for entry in entries(of: list) where seen.insert(Array(entry.utf8)).inserted { all.append(entry) }
        }
        for entry in all where entry.utf8.contains(0x20) {
            for word in entry.utf8.split(separator: 0x20) where seen.insert(Array(word)).inserted {
                let text = String(decoding: word, as: UTF8.self)
                if text.unicodeScalars.count >= 3 { all.append(text) } else { seen.remove(Array(word)) }
            }
        }
        return TextModel(entries: all, commonCount: commonCount)
    }()

    /// The entries of one list: separated by semicolons and line ends, trimmed of spaces, as
    /// written (small letters unless a name is written otherwise), two scalars or longer.
    static func entries(of list: String) -> [String] {
        var result = [String]()
        var utf8 = Array(list.utf8)[...]
        while !utf8.isEmpty {
            let end = utf8.firstIndex { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\n") } ?? utf8.endIndex
            var piece = utf8[..<end]
            while let first = piece.first, first == 0x20 || first == 0x09 { piece.removeFirst() }
            while let last = piece.last, last == 0x20 || last == 0x09 { piece.removeLast() }
            utf8 = end < utf8.endIndex ? utf8[(end + 1)...] : []
            let entry = String(decoding: piece, as: UTF8.self)
            if entry.unicodeScalars.count >= 2 { result.append(entry) }
        }
        return result
    }

    /// Items any message may name by index: the document claim keys, the fixed values of
    /// records, ISO 3166-1 alpha-3 country codes, and the codings of common vaccines.
    static let presets: [CBOR] = {
        var items: [CBOR] = [.int(-65537), .int(-65538)]
        items += ["male", "female", "other", "unknown", "low", "high"].map(CBOR.text)
        items += countryCodes.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { CBOR.text(String($0)) }
        items += vaccineCodes.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Coding(system: .cvx, code: String($0)).cbor }
        items += ["1119349007", "1119305005", "29061000087103", "836374004", "871765008", "836402002", "836398006", "871751006"]
            .map { Coding(system: .snomed, code: $0).cbor }
        return items
    }()

    /// ISO 3166-1 alpha-3 codes.
    static let countryCodes = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN
    CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO
    DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN
    LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA
    MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TWN TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VAT VEN VNM
    YEM ZMB ZWE HKG MAC PRI GUF GLP MTQ REU MYT NCL PYF GRL FRO GIB ABW CUW
    """

    /// CVX codes of vaccines in common use (CDC's CVX table).
    static let vaccineCodes = """
    03 08 10 20 21 33 37 43 52 62 83 94 100 101 106 110 114 115 116 119 120 121 122 133 134 135 136 140 141 146 147 148 149 150
    152 153 155 158 161 162 163 165 166 168 171 175 176 185 186 187 197 200 201 203 205 207 208 210 211 212 213 215 216 217 218
    219 221 228 229 230 300 301 302 309 310 311 312 313
    """
}

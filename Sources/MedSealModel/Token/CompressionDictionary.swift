import MedSealEncoding

/// The preset DEFLATE dictionary of token format 1.
///
/// It is built from fragments as they appear inside a token: a field's integer key, the
/// CBOR text header and the word (`01 6A "Penicillin"`), so that a whole common field
/// compresses to one back-reference; and, at the end, the fixed framing every token shares
/// (COSE_Sign1 header, CWT claim keys). Common vaccines appear as the start of a dose as
/// it is encoded (vaccine coding, product, manufacturer, lot key). zlib matches the end of a dictionary most
/// cheaply, so the most common fragments come last. The dictionary is part of the format:
/// changing one byte of it makes a new format version. `Vectors/format/dictionary-v1.hex`
/// holds its bytes for other implementations.
public enum CompressionDictionary {
    /// Dictionary version 1, used by `MS1:` tokens.
    public static let version1: [UInt8] = build()

    /// Fields and the words that commonly fill them: (field key, words).
    static let fieldWords: [(key: Int64, words: [String])] = [
        // Vaccines: product (2), manufacturer (3), country (8).
        (2, ["Comirnaty", "Spikevax", "Vaxzevria", "Nuvaxovid", "Stamaril", "YF-VAX", "Priorix", "M-M-R II",
             "ProQuad", "Varivax", "Gardasil 9", "Engerix-B", "Havrix", "Boostrix", "Adacel", "Infanrix hexa",
             "Pentacel", "Fluzone", "Fluarix", "Shingrix", "Prevnar 20", "Menveo", "Bexsero", "Typhim Vi", "Imovax"]),
        (3, ["Pfizer", "BioNTech Manufacturing GmbH", "Moderna", "AstraZeneca", "Janssen", "Novavax", "Sanofi Pasteur",
             "GlaxoSmithKline", "GSK", "Merck Sharp & Dohme", "MSD", "Seqirus", "Valneva", "Bharat Biotech", "Serum Institute of India"]),
        (8, ["CHN", "JPN", "IND", "ZAF", "KEN", "NGA", "BRA", "MEX", "AUS", "CAN", "IRL", "POL", "PRT", "BEL", "CHE",
             "AUT", "SWE", "NLD", "ITA", "ESP", "FRA", "DEU", "GBR", "USA"]),
        // Contacts: relation (2).
        (2, ["Guardian", "Caregiver", "Friend", "Neighbour", "Partner", "Brother", "Sister", "Son", "Daughter",
             "Father", "Mother", "Spouse", "Wife", "Husband"]),
        // Devices: name (1) and note (2); directives: kind (1).
        (1, ["Cochlear implant", "Insulin pump", "Implantable cardioverter-defibrillator", "Coronary stent",
             "Mechanical heart valve", "Hip replacement", "Knee replacement", "Metal implant", "Shunt", "Pacemaker",
             "Living will", "Power of attorney", "POLST", "DNAR", "No blood transfusion", "DNR"]),
        (2, ["MRI unsafe", "MRI safe", "MRI conditional"]),
        // Conditions: name (1).
        (1, ["Pregnancy", "Dementia", "Multiple sclerosis", "Parkinson's disease", "Cystic fibrosis", "Haemophilia",
             "Hemophilia", "Sickle cell disease", "Addison's disease", "Hypothyroidism", "Stroke", "Myocardial infarction",
             "Coronary artery disease", "Chronic kidney disease", "Heart failure", "COPD", "Hypertension", "Epilepsy",
             "Type 1 diabetes", "Asthma", "Type 2 diabetes", "Atrial fibrillation"]),
        // Medications: name (1).
        (1, ["Rifampicin", "Amiodarone", "Carbamazepine", "Phenytoin", "Levetiracetam", "Valproate", "Lamotrigine",
             "Prednisolone", "Hydrocortisone", "Methotrexate", "Tacrolimus", "Lithium", "Digoxin", "Amlodipine",
             "Lisinopril", "Ramipril", "Metoprolol", "Atorvastatin", "Simvastatin", "Levothyroxine", "Omeprazole",
             "Furosemide", "Sertraline", "Salbutamol inhaler", "Insulin lispro", "Insulin glargine", "Heparin",
             "Enoxaparin", "Clopidogrel", "Aspirin", "Dabigatran", "Edoxaban", "Rivaroxaban", "Apixaban",
             "Adrenaline auto-injector", "EpiPen", "Bisoprolol", "Metformin", "Warfarin"]),
        // Allergies: reaction (2), substance (1), severity (3).
        (2, ["Angioedema", "Bronchospasm", "Wheezing", "Swelling", "Vomiting", "Nausea", "Itching", "Urticaria",
             "Rash", "Hives", "Anaphylaxis"]),
        (1, ["Codeine", "Morphine", "Ibuprofen", "NSAIDs", "Iodine contrast", "Bee venom", "Wasp venom", "Cephalosporins",
             "Amoxicillin", "Sulfonamides", "Shellfish", "Fish", "Soy", "Wheat", "Milk", "Egg", "Sesame", "Tree nuts",
             "Latex", "Peanut", "Penicillin"]),
        (3, ["low", "high"]),
        // Patient sex (3).
        (3, ["other", "unknown", "male", "female"]),
    ]

    /// Common vaccines as (CVX code, product, manufacturer): the start of a dose.
    static let vaccines: [(code: String, product: String, manufacturer: String)] = [
        ("10", "IPOL", "Sanofi Pasteur"),
        ("115", "Boostrix", "GlaxoSmithKline"),
        ("165", "Gardasil 9", "Merck Sharp & Dohme"),
        ("141", "Fluzone", "Sanofi Pasteur"),
        ("21", "Varivax", "Merck Sharp & Dohme"),
        ("94", "ProQuad", "Merck Sharp & Dohme"),
        ("212", "Janssen COVID-19 Vaccine", "Janssen"),
        ("211", "Nuvaxovid", "Novavax"),
        ("207", "Spikevax", "Moderna"),
        ("208", "Comirnaty", "BioNTech Manufacturing GmbH"),
        ("37", "Stamaril", "Sanofi Pasteur"),
        ("03", "Priorix", "GlaxoSmithKline"),
        ("03", "M-M-R II", "Merck Sharp & Dohme"),
    ]

    /// Free-text phrases common in doses and notes.
    static let phrases = [
        " mg three times daily", " mg at night", " mg as needed", " units", " mcg", " mg twice daily", " mg once daily",
    ]

    /// The fixed framing of a token: COSE_Sign1 with an 8-byte kid, CWT claim keys, the
    /// document claim keys and the RFC 8943 date tag.
    static let framing: [[UInt8]] = [
        [0x58, 0x40],                               // the signature's byte-string header
        [0x3A, 0x00, 0x01, 0x00, 0x01],             // claim -65538: vaccination record
        [0x3A, 0x00, 0x01, 0x00, 0x00],             // claim -65537: emergency summary
        [0x07, 0x48],                               // cti: 8 bytes
        [0x06, 0x1A],                               // iat: 4-byte integer
        [0x04, 0x1A],                               // exp: 4-byte integer
        [0xA0, 0x58],                               // empty unprotected header, payload header
        [0xD2, 0x84, 0x4D, 0xA2, 0x01, 0x27, 0x04, 0x48], // tag 18, array(4), protected {1: -8, 4: h'…'}
    ]

    static func build() -> [UInt8] {
        var bytes = [UInt8]()
        for vaccine in vaccines {
            let coding = CBOR.map([CBORMapEntry(.int(1), .int(6)), CBORMapEntry(.int(2), .text(vaccine.code))])
            bytes += [0x01] + CBORWriter.encode(coding)
            bytes += [0x02] + CBORWriter.encode(.text(vaccine.product))
            bytes += [0x03] + CBORWriter.encode(.text(vaccine.manufacturer)) + [0x04]
        }
        for (key, words) in fieldWords {
            for word in words { bytes += CBORWriter.encode(.int(key)) + CBORWriter.encode(.text(word)) }
        }
        for phrase in phrases { bytes += Array(phrase.utf8) }
        for fragment in framing { bytes += fragment }
        return bytes
    }
}

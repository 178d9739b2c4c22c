import MedSealEncoding

/// How each part of a MedSeal document is read from a token: one map per value, keyed by the
/// integer values of its `CodingKeys` (the same keys ``CBORValueEncoder`` writes), so the
/// written and the read form cannot drift apart.

extension EmergencySummary: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var patient: Patient?, bloodType: String?, allergies: [Allergy]?, medications: [Medication]?, conditions: [Condition]?
        var devices: [Device]?, directives: [Directive]?, organDonor: Bool?, contacts: [Contact]?, notes: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .patient: patient = try cursor.read(Patient.self)
            case .bloodType: bloodType = try cursor.readText()
            case .allergies: allergies = try cursor.readList(of: Allergy.self)
            case .medications: medications = try cursor.readList(of: Medication.self)
            case .conditions: conditions = try cursor.readList(of: Condition.self)
            case .devices: devices = try cursor.readList(of: Device.self)
            case .directives: directives = try cursor.readList(of: Directive.self)
            case .organDonor: organDonor = try cursor.readBool()
            case .contacts: contacts = try cursor.readList(of: Contact.self)
            case .notes: notes = try cursor.readText()
            }
        }
        self.init(patient: try cursor.required(patient, CodingKeys.patient), bloodType: bloodType, allergies: allergies, medications: medications,
                  conditions: conditions, devices: devices, directives: directives, organDonor: organDonor, contacts: contacts, notes: notes)
    }
}

extension Patient: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var name: String?, birthDate: FullDate?, sex: String?, languages: [String]?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .name: name = try cursor.readText()
            case .birthDate: birthDate = try cursor.read(FullDate.self)
            case .sex: sex = try cursor.readText()
            case .languages: languages = try cursor.readList(of: String.self)
            }
        }
        self.init(name: try cursor.required(name, CodingKeys.name), birthDate: try cursor.required(birthDate, CodingKeys.birthDate),
                  sex: sex, languages: languages)
    }
}

extension Allergy: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var substance: String?, reaction: String?, severity: Severity?, code: Coding?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .substance: substance = try cursor.readText()
            case .reaction: reaction = try cursor.readText()
            case .severity:
                let start = cursor.position
                let text = try cursor.readText()
                // Compared case by case: init(rawValue:) searches a table of names at run time.
                switch text {
                case Severity.low.rawValue: severity = .low
                case Severity.high.rawValue: severity = .high
                default: throw cursor.fail("must be low or high, not '\(text)'", at: start)
                }
            case .code: code = try cursor.read(Coding.self)
            }
        }
        self.init(substance: try cursor.required(substance, CodingKeys.substance), reaction: reaction, severity: severity, code: code)
    }
}

extension Medication: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var name: String?, dose: String?, code: Coding?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .name: name = try cursor.readText()
            case .dose: dose = try cursor.readText()
            case .code: code = try cursor.read(Coding.self)
            }
        }
        self.init(name: try cursor.required(name, CodingKeys.name), dose: dose, code: code)
    }
}

extension Condition: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var name: String?, code: Coding?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .name: name = try cursor.readText()
            case .code: code = try cursor.read(Coding.self)
            }
        }
        self.init(name: try cursor.required(name, CodingKeys.name), code: code)
    }
}

extension Device: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var name: String?, note: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .name: name = try cursor.readText()
            case .note: note = try cursor.readText()
            }
        }
        self.init(name: try cursor.required(name, CodingKeys.name), note: note)
    }
}

extension Directive: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var kind: String?, note: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .kind: kind = try cursor.readText()
            case .note: note = try cursor.readText()
            }
        }
        self.init(kind: try cursor.required(kind, CodingKeys.kind), note: note)
    }
}

extension Contact: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var name: String?, relation: String?, phone: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .name: name = try cursor.readText()
            case .relation: relation = try cursor.readText()
            case .phone: phone = try cursor.readText()
            }
        }
        self.init(name: try cursor.required(name, CodingKeys.name), relation: relation, phone: try cursor.required(phone, CodingKeys.phone))
    }
}

extension VaccinationRecord: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var patient: Patient?, doses: [Dose]?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .patient: patient = try cursor.read(Patient.self)
            case .doses: doses = try cursor.readList(of: Dose.self)
            }
        }
        self.init(patient: try cursor.required(patient, CodingKeys.patient), doses: try cursor.required(doses, CodingKeys.doses))
    }
}

extension Dose: CompactDecodable {
    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var vaccine: Coding?, product: String?, manufacturer: String?, lot: String?, date: FullDate?
        var doseNumber: Int?, seriesDoses: Int?, country: String?, centre: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .vaccine: vaccine = try cursor.read(Coding.self)
            case .product: product = try cursor.readText()
            case .manufacturer: manufacturer = try cursor.readText()
            case .lot: lot = try cursor.readText()
            case .date: date = try cursor.read(FullDate.self)
            case .doseNumber: doseNumber = try cursor.read(Int.self)
            case .seriesDoses: seriesDoses = try cursor.read(Int.self)
            case .country: country = try cursor.readText()
            case .centre: centre = try cursor.readText()
            }
        }
        self.init(vaccine: try cursor.required(vaccine, CodingKeys.vaccine), product: product, manufacturer: manufacturer,
                  lot: try cursor.required(lot, CodingKeys.lot), date: try cursor.required(date, CodingKeys.date),
                  doseNumber: try cursor.required(doseNumber, CodingKeys.doseNumber), seriesDoses: seriesDoses,
                  country: try cursor.required(country, CodingKeys.country), centre: centre)
    }
}

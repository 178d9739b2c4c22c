import MedSealEncoding

/// A vaccination record with the core data set of WHO DDCC:VS (Digital Documentation of
/// COVID-19 Certificates: Vaccination Status), usable for any vaccine.
public struct VaccinationRecord: Hashable, Sendable, Codable, FieldCheckable {
    public var patient: Patient
    public var doses: [Dose]

    enum CodingKeys: Int, CodingKey {
        case patient = 1, doses = 2
    }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        patient.check(&checks, at: "patient")
        checks.require(!doses.isEmpty, "doses", "must list at least one dose")
        doses.check(&checks, at: "doses")
        for (index, dose) in doses.enumerated() {
            checks.require(dose.date >= patient.birthDate, "doses[\(index)].date", "is before the patient's birth date")
        }
    }
}

/// One vaccine dose (DDCC:VS: vaccine, brand, manufacturer, lot, date, dose, total doses,
/// country, centre).
public struct Dose: Hashable, Sendable, Codable, FieldCheckable {
    /// The vaccine or prophylaxis, coded in CVX, SNOMED CT or ICD-11.
    public var vaccine: Coding
    /// Brand or product name.
    public var product: String?
    public var manufacturer: String?
    public var lot: String
    public var date: FullDate
    public var doseNumber: Int
    /// Total doses in the series.
    public var seriesDoses: Int?
    /// Country of vaccination, ISO 3166-1 alpha-3.
    public var country: String
    /// Administering centre.
    public var centre: String?

    enum CodingKeys: Int, CodingKey {
        case vaccine = 1, product = 2, manufacturer = 3, lot = 4, date = 5
        case doseNumber = 6, seriesDoses = 7, country = 8, centre = 9
    }

    static let vaccineSystems: [CodeSystem] = [.cvx, .snomed, .icd11]

    public init(vaccine: Coding, product: String? = nil, manufacturer: String? = nil, lot: String, date: FullDate, doseNumber: Int,
                seriesDoses: Int? = nil, country: String, centre: String? = nil) {
        self.vaccine = vaccine
        self.product = product
        self.manufacturer = manufacturer
        self.lot = lot
        self.date = date
        self.doseNumber = doseNumber
        self.seriesDoses = seriesDoses
        self.country = country
        self.centre = centre
    }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        vaccine.check(&checks, at: FieldChecks.path(path(), "vaccine"))
        checks.require(Dose.vaccineSystems.contains(vaccine.system), FieldChecks.path(path(), "vaccine.system"), "must be CVX, SNOMED CT or ICD-11")
        checks.text(product, FieldChecks.path(path(), "product"))
        checks.text(manufacturer, FieldChecks.path(path(), "manufacturer"))
        checks.text(lot, FieldChecks.path(path(), "lot"))
        checks.require((1...20).contains(doseNumber), FieldChecks.path(path(), "doseNumber"), "must be from 1 to 20")
        if let seriesDoses {
            checks.require((1...20).contains(seriesDoses), FieldChecks.path(path(), "seriesDoses"), "must be from 1 to 20")
        }
        checks.require(country.utf8.count == 3 && country.utf8.allSatisfy { (0x41...0x5A).contains($0) }, FieldChecks.path(path(), "country"), "not an ISO 3166-1 alpha-3 code (such as USA, DEU)")
        checks.text(centre, FieldChecks.path(path(), "centre"))
    }
}

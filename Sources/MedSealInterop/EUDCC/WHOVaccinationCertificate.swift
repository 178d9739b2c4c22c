import Foundation
import MedSealEncoding
import MedSealModel

/// A WHO Digital Vaccination Certificate in HCERT (`HC1:`, claim −260 → −6), the structure of
/// the International Certificate of Vaccination or Prophylaxis as the WHO GDHCN validator reads
/// it: `n` (name), `dob`, `s` (sex), `ntl`, `nid`, `gn` (guardian), and `v` (the dose: `dt`
/// date, `dn` dose number or word, `tg` disease targeted, `vp` vaccine (ICD-11, or SNOMED CT when
/// numeric), `mp` product, `ma` manufacturer, `bo` batch, `is` and `cn` who gave it, `vls` /
/// `vle` validity). `v` may also be a list of doses.
enum WHOVaccinationCertificate {
    /// Names of the ICD-11 disease codes `tg` holds in the certificates in circulation.
    static let diseases = ["1D47": "Yellow fever", "RA01": "COVID-19", "RA01.0": "COVID-19", "1F03": "Measles", "1C81": "Poliomyelitis"]

    static func record(_ dvc: CBOR, country: String?) throws(FormatError) -> InteropRecord {
        guard case .map = dvc else { throw FormatError("WHO DVC", "claim −260 → −6 is a \(dvc.kindName), not a map") }
        func text(_ map: CBOR, _ key: String) throws(FormatError) -> String? { try DCCPayload.text(map, key, required: false, "dvc") }
        guard let name = try text(dvc, "n") else { throw FormatError("WHO DVC", "n (the holder's name) is missing") }
        var record = InteropRecord(kind: .vaccination, holder: Holder(name: name, birthDate: try text(dvc, "dob") ?? ""), certificateIssuer: country)
        let doses: [CBOR]
        switch dvc[.text("v")] {
        case .map?: doses = [dvc[.text("v")]!]
        case .array(let items)? where (1...20).contains(items.count): doses = items
        default: throw FormatError("WHO DVC", "v (the vaccination) must be a map or a list of 1 to 20")
        }
        for (index, dose) in doses.enumerated() {
            guard case .map = dose, let dateText = try text(dose, "dt"), let date = FullDate(dateText) else {
                throw FormatError("WHO DVC", "v[\(index)].dt (the date) is missing or not a date")
            }
            let product = try text(dose, "vp"), target = try text(dose, "tg")
            guard let vaccine = product ?? target else { throw FormatError("WHO DVC", "v[\(index)].vp (the vaccine) is missing") }
            let system: CodeSystem = vaccine.allSatisfy(\.isNumber) ? .snomed : .icd11
            if let target { record.disease = record.disease ?? diseases[target] ?? target }
            let issuer = try text(dose, "is"), clinician = try text(dose, "cn")
            record.doses.append(Dose(vaccine: Coding(system: system, code: vaccine), product: try text(dose, "mp"), manufacturer: try text(dose, "ma"),
                                     lot: try text(dose, "bo") ?? "", date: date, doseNumber: number(try text(dose, "dn")),
                                     country: country ?? "", centre: issuer ?? clinician))
        }
        return record
    }

    /// A dose number as certificates write it: `2`, `Primary`, `firstDose`, `secondDose` …
    static func number(_ text: String?) -> Int {
        guard let text else { return 1 }
        if let number = Int(text), (1...20).contains(number) { return number }
        let words = ["first": 1, "primary": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "booster": 3]
        return words.first { text.lowercased().hasPrefix($0.key) }?.value ?? 1
    }
}

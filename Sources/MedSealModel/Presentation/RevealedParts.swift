import MedSealEncoding

extension CredentialDocument {
    /// This document with `parts` put back (revealed disclosures, or opened sealed items),
    /// each read in place in its compact form: an emergency section where it belongs
    /// (allergies and medications after the ones in clear), a vaccine's doses after the doses
    /// before them. A critical fact found inside a part (which the issuer should have kept in
    /// clear) is added to `floorProblems`; `texts` gathers what the parts' texts have in common.
    /// Throws when a part is put back twice or does not fit its place.
    public func merging(_ parts: [Disclosure], floorProblems: inout [String], texts: inout CBORCursor.TextsRead) throws(FormatError) -> CredentialDocument {
        let ordered = parts.sorted { $0.label < $1.label }
        switch self {
        case .emergency(var summary):
            for part in ordered {
                guard let section = WithholdableSection(rawValue: part.label) else {
                    throw FormatError("presentation", "label \(part.label) is no section an emergency summary may withhold")
                }
                var cursor = part.valueCursor
                let twice = FormatError("presentation", "\(section.name) is both in clear and revealed")
                switch section {
                case .allergies:
                    let allergies = try cursor.readList(of: Allergy.self)
                    for allergy in allergies where allergy.severity == .high { floorProblems.append("the severe allergy to \(allergy.substance) can be withheld") }
                    summary.allergies = (summary.allergies ?? []) + allergies
                case .medications:
                    let medications = try cursor.readList(of: Medication.self)
                    for medication in medications where MedicationRisk(medication) != nil { floorProblems.append("the high-risk medicine \(medication.name) can be withheld") }
                    summary.medications = (summary.medications ?? []) + medications
                case .conditions:
                    guard summary.conditions == nil else { throw twice }
                    summary.conditions = try cursor.readList(of: Condition.self)
                case .organDonor:
                    guard summary.organDonor == nil else { throw twice }
                    summary.organDonor = try cursor.readBool()
                case .contacts:
                    guard summary.contacts == nil else { throw twice }
                    summary.contacts = try cursor.readList(of: Contact.self)
                case .notes:
                    guard summary.notes == nil else { throw twice }
                    summary.notes = try cursor.readText()
                }
                guard cursor.isAtEnd else { throw cursor.fail("unexpected bytes after \(section.name)") }
                texts.allPlain = texts.allPlain && cursor.textsRead.allPlain
                texts.longest = max(texts.longest, cursor.textsRead.longest)
            }
            return .emergency(summary)
        case .vaccination(var record):
            for part in ordered {
                var cursor = part.valueCursor
                record.doses += try cursor.readList(of: Dose.self)
                guard cursor.isAtEnd else { throw cursor.fail("unexpected bytes after the doses of part \(part.label)") }
                texts.allPlain = texts.allPlain && cursor.textsRead.allPlain
                texts.longest = max(texts.longest, cursor.textsRead.longest)
            }
            return .vaccination(record)
        case .interop:
            return self
        }
    }

    /// Reads a holder-bound credential's document where `cursor` is: its clear part, with
    /// `revealed` put back (``merging(_:floorProblems:texts:)``), then checked as a whole as
    /// any document is.
    static func read(compact cursor: inout CBORCursor, type: CredentialType, revealed: [Disclosure], floorProblems: inout [String]) throws(FormatError) -> CredentialDocument {
        cursor.textsRead = CBORCursor.TextsRead()
        let clear: CredentialDocument = type == .emergency ? .emergency(try cursor.read(EmergencySummary.self)) : .vaccination(try cursor.read(VaccinationRecord.self))
        var texts = cursor.textsRead
        let merged = try clear.merging(revealed, floorProblems: &floorProblems, texts: &texts)
        do {
            switch merged {
            case .emergency(let summary): _ = try checked(summary, checks: FieldChecks(textsRead: texts))
            case .vaccination(let record): _ = try checked(record, checks: FieldChecks(textsRead: texts))
            case .interop: break
            }
        } catch {
            throw FormatError(cursor.layer, error.message, field: error.path)
        }
        return merged
    }
}

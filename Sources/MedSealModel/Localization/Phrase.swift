import MedSealEncoding

/// Every piece of text the verifier shows a person, by meaning. `{1}`, `{2}` … stand for
/// the values filled in. Each language's words are in `Phrase+LANGUAGE.swift`.
public enum Phrase: String, CaseIterable, Sendable {
    case valid, notValid
    case statusMalformed, statusUnknownIssuer, statusAlgorithmMismatch, statusBadSignature, statusRevoked, statusSuperseded
    case statusExpired, statusNotYetValid, statusKeyNotValid, statusKeyWindowEnded, statusTypeNotAllowed, statusStaleList, statusStaleListAge, statusNoRevocationList
    case statusClockSetBack, statusDamagedStore, statusRuleNotMet
    case ruleMet, shortfallNotVaccination, shortfallDoses, shortfallOneDose, shortfallTooRecent, shortfallTooLongAgo, shortfallTooYoung, shortfallTooOld
    case ago, inSpan, unitSecond, unitSeconds, unitMinute, unitMinutes, unitHour, unitHours, unitDay, unitDays, unitYear, unitYears
    case warning, issuer, issued, expires, credential, patient, born, bloodType, allergies, medications, conditions, devices
    case directives, organDonor, contacts, notes, doses, dose, doseOf, lot, notRecorded, noneKnown, yes, no
    case sexFemale, sexMale, sexOther, sexUnknown
    case critical, otherFacts, severeAllergy, implant, directive
    case riskAnticoagulant, riskInsulin, riskOpioid, riskImmunosuppressant, riskCorticosteroid, riskNarrowMargin
    case unverifiedClaim, technicalDetail, contentNotShown, genuineButInvalid, genuineButRuleNotMet, emergencyCredential, vaccinationCredential
    case testResultCredential, recoveryCredential, noExpiry, tests, recoveries, recoveryLine, certificate, disease
    case scanReady, scanTally, scanSummary
    case statusNotPresented, statusNotHolderSigned, statusPresentationExpired, statusWrongAudience
    case statusWrongNonce, statusNonceReused, statusCriticalWithheld, withheldByPatient, presentedUntil, presentedFor, sealedClosed, sealedOpened, sealedOrNotRecorded
    case shortfallBusinessRule, statusNoRules, statusStaleRules
    // The words printed on cards, named in templates as {{label.KEY}}.
    case labelLanguage = "label.language"
    case labelEmergencyCard = "label.emergencyCard"
    case labelVaccinationCertificate = "label.vaccinationCertificate"
    case labelName = "label.name"
    case labelBorn = "label.born"
    case labelContacts = "label.contacts"
    case labelMedications = "label.medications"
    case labelDoses = "label.doses"
    case labelIssuedBy = "label.issuedBy"
    case labelExpires = "label.expires"
    case labelNoneKnown = "label.noneKnown"
    case labelNotRecorded = "label.notRecorded"
    case labelAndMore = "label.andMore"
    case labelHowToVerify = "label.howToVerify"
    case labelPrintInstructions = "label.printInstructions"
    case labelColumnDate = "label.columnDate"
    case labelColumnVaccine = "label.columnVaccine"
    case labelColumnDose = "label.columnDose"
    case labelColumnLot = "label.columnLot"
    case labelColumnCountry = "label.columnCountry"
    case labelAllergies = "label.allergies"
    case labelOtherAllergies = "label.otherAllergies"
    case labelConditions = "label.conditions"
    case labelDevices = "label.devices"
    case labelDirectives = "label.directives"
    case labelOrganDonor = "label.organDonor"
    case labelNotes = "label.notes"
    case labelSealed = "label.sealed"
    case labelSealedEntry = "label.sealedEntry"
    case labelSectionCount = "label.sectionCount"
    case labelScanForSections = "label.scanForSections"

    static func catalog(_ language: Language) -> [Phrase: String] {
        switch language {
        case .en: return english
        case .es: return spanish
        case .fr: return french
        case .de: return german
        case .pt: return portuguese
        }
    }
}

import Foundation
import MedSealEncoding

/// What a school, an employer or a border requires a vaccination proof to show, read from a
/// documented JSON rule file (examples in `Templates/rules/`):
///
///     { "format": "medseal-acceptance-rule/1", "id": "school-entry-mmr", "name": "…",
///       "accept": [ { "vaccines": [ {"system": "CVX", "code": "03"} ], "minimumDoses": 2 } ],
///       "lastDose": { "minimumDaysBefore": 10, "maximumDaysBefore": 365 },
///       "age": { "minimumYears": 4, "maximumYears": 19 } }
///
/// `accept` lists alternatives (such as two doses of one vaccine or one of another); the
/// proof meets the rule when one alternative is met and the last dose it counts, and the
/// holder's age on the check date, are inside the limits.
public struct AcceptanceRule: Sendable {
    /// One way to meet the rule: at least `minimumDoses` doses of any of `vaccines`.
    public struct Alternative: Sendable {
        public var vaccines: Set<Coding>
        public var minimumDoses: Int
    }

    public var id: String
    public var name: String
    public var alternatives: [Alternative]
    /// The last counted dose must be at least this many days before the check date.
    public var lastDoseMinimumDays: Int?
    /// … and at most this many.
    public var lastDoseMaximumDays: Int?
    public var minimumAgeYears: Int?
    public var maximumAgeYears: Int?

    /// The rule file format name.
    public static let format = "medseal-acceptance-rule/1"

    /// Reads a rule file, naming the field that is wrong.
    public init(fileData data: Data, name file: String) throws(UserError) {
        func fail(_ message: String) -> UserError { UserError(.input, "\(file): \(message)") }
        let parsed: Any
        do { parsed = try JSONSyntax.foundationValue(data) } catch { throw fail(error.message ?? "not a rule file (expected a JSON object)") }
        guard let object = parsed as? [String: Any] else { throw fail("not a rule file (expected a JSON object)") }
        let known: Set<String> = ["format", "id", "name", "description", "accept", "lastDose", "age"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) { throw fail("unknown field '\(unknown)'") }
        guard object["format"] as? String == Self.format else { throw fail("format must be \"\(Self.format)\"") }
        guard let id = object["id"] as? String, !id.isEmpty, let name = object["name"] as? String, !name.isEmpty else {
            throw fail("id and name must be non-empty text")
        }
        guard let accept = object["accept"] as? [[String: Any]], !accept.isEmpty else { throw fail("accept must list at least one alternative") }
        var alternatives = [Alternative]()
        for (index, item) in accept.enumerated() {
            guard let vaccines = item["vaccines"] as? [[String: Any]], !vaccines.isEmpty else { throw fail("accept[\(index)].vaccines must list vaccine codes") }
            var codes = Set<Coding>()
            for (position, vaccine) in vaccines.enumerated() {
                // A well-known system's name, or a URI; a bare unknown word is a typo.
                guard let systemName = vaccine["system"] as? String, let system = CodeSystem(name: systemName), system.uri.contains(":"),
                      let code = vaccine["code"] as? String, !code.isEmpty else {
                    throw fail("accept[\(index)].vaccines[\(position)] needs a known system (CVX, SNOMED CT, ICD-11 … or a URI) and a code")
                }
                codes.insert(Coding(system: system, code: code))
            }
            guard let doses = Self.count(item["minimumDoses"]), doses >= 1 else { throw fail("accept[\(index)].minimumDoses must be a whole number of 1 or more") }
            alternatives.append(Alternative(vaccines: codes, minimumDoses: doses))
        }
        self.id = id
        self.name = name
        self.alternatives = alternatives
        let lastDose = object["lastDose"] as? [String: Any] ?? [:]
        let age = object["age"] as? [String: Any] ?? [:]
        for (label, group, keys) in [("lastDose", lastDose, ["minimumDaysBefore", "maximumDaysBefore"]), ("age", age, ["minimumYears", "maximumYears"])] {
            for (key, value) in group {
                guard keys.contains(key) else { throw fail("unknown field '\(label).\(key)'") }
                guard Self.count(value) != nil else { throw fail("\(label).\(key) must be a whole number of 0 or more") }
            }
        }
        lastDoseMinimumDays = Self.count(lastDose["minimumDaysBefore"])
        lastDoseMaximumDays = Self.count(lastDose["maximumDaysBefore"])
        minimumAgeYears = Self.count(age["minimumYears"])
        maximumAgeYears = Self.count(age["maximumYears"])
    }

    /// Reads the rule file at `path`.
    public static func load(path: String) throws(UserError) -> AcceptanceRule {
        try AcceptanceRule(fileData: try FileStore.read(path), name: path)
    }

    private static func count(_ value: Any?) -> Int? {
        // JSON true/false arrive as NSNumber too; their type is "c" (char).
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              number.doubleValue == number.doubleValue.rounded(), number.intValue >= 0 else { return nil }
        return number.intValue
    }

    /// Whether `document` meets the rule on `date`, and if not, what is missing.
    public func evaluate(_ document: CredentialDocument, on date: FullDate) -> RuleOutcome {
        guard document.kind == .vaccination else {
            return RuleOutcome(ruleID: id, ruleName: name, shortfalls: [.notVaccination])
        }
        var shortfalls = [RuleShortfall]()
        if minimumAgeYears != nil || maximumAgeYears != nil {
            // A birth date given only in part ("1964-08") counts from its latest possible day
            // for a minimum age and its earliest for a maximum, so a rule is never met by guessing.
            let born = document.holder.birthDateRange
            if let minimum = minimumAgeYears {
                let age = born.map { Self.years(from: $0.upperBound, to: date) } ?? -1
                if age < minimum { shortfalls.append(.tooYoung(minimumYears: minimum, age: max(age, 0))) }
            }
            if let maximum = maximumAgeYears {
                let age = born.map { Self.years(from: $0.lowerBound, to: date) } ?? Int.max
                if age > maximum { shortfalls.append(.tooOld(maximumYears: maximum, age: age == Int.max ? 0 : age)) }
            }
        }
        // Each alternative's own shortfalls; the rule is met when one has none.
        var best: [RuleShortfall]?
        for alternative in alternatives {
            let doses = document.doses.filter { alternative.vaccines.contains($0.vaccine) && $0.date <= date }.sorted { $0.date < $1.date }
            var missing = [RuleShortfall]()
            // The issuer's dose numbers count too: an EU DCC carries only its latest dose
            // ("dose 2 of 2"), which attests the earlier ones.
            let given = max(doses.count, doses.map(\.doseNumber).max() ?? 0)
            if given < alternative.minimumDoses {
                missing.append(.doses(needed: alternative.minimumDoses, has: given))
            } else if let last = doses.last {
                let days = Int(date.daysSinceEpoch - last.date.daysSinceEpoch)
                if let minimum = lastDoseMinimumDays, days < minimum {
                    missing.append(.tooRecent(validFrom: FullDate(daysSinceEpoch: last.date.daysSinceEpoch + Int64(minimum))!))
                }
                if let maximum = lastDoseMaximumDays, days > maximum {
                    missing.append(.tooLongAgo(lastDose: last.date, maximumDays: maximum))
                }
            }
            if missing.isEmpty { return RuleOutcome(ruleID: id, ruleName: name, shortfalls: shortfalls) }
            if best == nil || Self.progress(missing) > Self.progress(best!) { best = missing }
        }
        return RuleOutcome(ruleID: id, ruleName: name, shortfalls: shortfalls + (best ?? []))
    }

    /// How close a set of shortfalls is to meeting an alternative (more doses is closer).
    private static func progress(_ shortfalls: [RuleShortfall]) -> Double {
        for shortfall in shortfalls {
            if case .doses(let needed, let has) = shortfall { return Double(has) / Double(needed) }
        }
        return 1
    }

    /// Whole years from `birth` to `date`.
    static func years(from birth: FullDate, to date: FullDate) -> Int {
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }
}

/// What a proof lacks to meet a rule.
public enum RuleShortfall: Hashable, Sendable {
    case notVaccination
    case doses(needed: Int, has: Int)
    /// The last dose is too recent: the proof counts only from this date.
    case tooRecent(validFrom: FullDate)
    case tooLongAgo(lastDose: FullDate, maximumDays: Int)
    case tooYoung(minimumYears: Int, age: Int)
    case tooOld(maximumYears: Int, age: Int)
    /// A business rule's CertLogic did not give `true`.
    case businessRule

    /// In English, for reports and logs (`needs 2 doses, has 1`).
    public var description: String {
        switch self {
        case .notVaccination: return "not a vaccination credential"
        case .businessRule: return "its conditions are not met"
        case .doses(let needed, let has): return "needs \(EnglishCount.of(needed, "dose")), has \(has)"
        case .tooRecent(let date): return "the last dose counts only from \(date)"
        case .tooLongAgo(let date, let days): return "the last dose (\(date)) is more than \(days) days ago"
        case .tooYoung(let years, let age): return "must be at least \(years) years old (is \(age))"
        case .tooOld(let years, let age): return "must be at most \(years) years old (is \(age))"
        }
    }
}

/// The outcome of one rule for one credential.
public struct RuleOutcome: Hashable, Sendable {
    public var ruleID: String
    public var ruleName: String
    /// Empty when the rule is met.
    public var shortfalls: [RuleShortfall]

    public var isMet: Bool { shortfalls.isEmpty }

    public init(ruleID: String, ruleName: String, shortfalls: [RuleShortfall]) {
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.shortfalls = shortfalls
    }

    /// `meets rule X` or `does not meet X: needs 2 doses, has 1`.
    public var description: String {
        isMet ? "meets '\(ruleName)'" : "does not meet '\(ruleName)': " + shortfalls.map(\.description).joined(separator: "; ")
    }
}

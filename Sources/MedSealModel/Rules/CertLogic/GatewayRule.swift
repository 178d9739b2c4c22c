import Foundation
import MedSealEncoding

/// A business rule as the EU DCC Gateway publishes it: `Identifier` (such as `VR-DE-0001`),
/// `Type` (Acceptance or Invalidation), `Country`, `Version`, `CertificateType` (General,
/// Vaccination, Test, Recovery), `ValidFrom` / `ValidTo`, `Description` in languages, and its
/// CertLogic `Logic`, which must evaluate to `true` for a certificate to pass.
public struct GatewayRule: Sendable, Hashable {
    public let identifier: String
    public let type: String
    public let country: String
    public let version: [Int]
    public let certificateType: String
    /// Milliseconds since 1970.
    public let validFrom: Int64
    public let validTo: Int64
    public let descriptions: [String: String]
    public let logic: LogicValue
    /// The rule as it was published, for the store.
    public let source: LogicValue

    public init(_ rule: LogicValue, name: String) throws(FormatError) {
        guard case .object(let fields) = rule else { throw FormatError("rule", "\(name) is not a Gateway rule object") }
        func text(_ key: String) throws(FormatError) -> String {
            guard case .string(let value)? = fields[key], !value.isEmpty else { throw FormatError("rule", "\(name): \(key) is missing or not text") }
            return value
        }
        identifier = try text("Identifier")
        type = try text("Type")
        guard ["Acceptance", "Invalidation"].contains(type) else { throw FormatError("rule", "\(name): Type '\(type)' is not Acceptance or Invalidation") }
        country = try text("Country").uppercased()
        version = try text("Version").split(separator: ".").map { Int($0) ?? 0 }
        certificateType = try text("CertificateType")
        guard ["General", "Vaccination", "Test", "Recovery"].contains(certificateType) else {
            throw FormatError("rule", "\(name): CertificateType '\(certificateType)' is not General, Vaccination, Test or Recovery")
        }
        guard let from = LogicDateTime.parse(try text("ValidFrom")), let to = LogicDateTime.parse(try text("ValidTo")), from < to else {
            throw FormatError("rule", "\(name): ValidFrom and ValidTo must be date-times, ValidFrom first")
        }
        validFrom = from
        validTo = to
        if let engine = fields["Engine"], engine != .string("CERTLOGIC") { throw FormatError("rule", "\(name): Engine must be CERTLOGIC") }
        var descriptions = [String: String]()
        if case .array(let items)? = fields["Description"] {
            for item in items {
                if case .object(let entry) = item, case .string(let lang)? = entry["lang"], case .string(let desc)? = entry["desc"] { descriptions[lang.lowercased()] = desc }
            }
        }
        self.descriptions = descriptions
        guard let logic = fields["Logic"] else { throw FormatError("rule", "\(name): Logic is missing") }
        if let issue = CertLogicValidator.issues(logic).first { throw FormatError("rule", "\(name): its Logic is not valid CertLogic: \(issue.message)") }
        self.logic = logic
        source = rule
    }

    /// The description in `language`, else English, else any, else the identifier.
    public func description(in language: String) -> String {
        descriptions[language.lowercased()] ?? descriptions["en"] ?? descriptions.values.sorted().first ?? identifier
    }

    /// Whether it applies to a certificate of `kind` (`Vaccination`, `Test`, `Recovery`).
    public func applies(to kind: String) -> Bool { certificateType == "General" || certificateType == kind }
}

/// The rules and value sets a checkpoint imported, and how they judge one certificate.
public struct GatewayRuleSet: Sendable {
    public var rules: [GatewayRule]
    /// Value set id → its codes, as rules read them (`external.valueSets`).
    public var valueSets: [String: [String]]
    /// When they were imported, seconds since 1970.
    public var importedAt: Int64

    public init(rules: [GatewayRule], valueSets: [String: [String]], importedAt: Int64) {
        self.rules = rules
        self.valueSets = valueSets
        self.importedAt = importedAt
    }

    /// The rules that judge a certificate of `kind` from `issuingCountry` entering `country` at
    /// `now` (milliseconds): the destination's acceptance rules and the issuing country's
    /// invalidation rules in force then, the newest version of each identifier.
    public func applicable(country: String, issuingCountry: String?, kind: String, at now: Int64) -> [GatewayRule] {
        let country = country.uppercased(), issuer = issuingCountry?.uppercased()
        var newest = [String: GatewayRule]()
        for rule in rules where rule.applies(to: kind) && rule.validFrom <= now && now < rule.validTo {
            guard (rule.type == "Acceptance" && rule.country == country) || (rule.type == "Invalidation" && rule.country == issuer) else { continue }
            if let held = newest[rule.identifier], !held.version.lexicographicallyPrecedes(rule.version) { continue }
            newest[rule.identifier] = rule
        }
        return newest.values.sorted { $0.identifier < $1.identifier }
    }

    /// Whether any rule of `country` is known at all.
    public func hasRules(for country: String) -> Bool { rules.contains { $0.country == country.uppercased() && $0.type == "Acceptance" } }

    /// The data context rules are evaluated on: the certificate and the checkpoint's facts.
    public func context(payload: LogicValue, country: String, issuingCountry: String?, issuedAt: Int64, expiresAt: Int64?, now: Int64) -> LogicValue {
        var external: [String: LogicValue] = [
            "valueSets": .object(valueSets.mapValues { .array($0.map(LogicValue.string)) }),
            "validationClock": .string(LogicDateTime.text(now)),
            "countryCode": .string(country.uppercased()),
            "iat": .string(LogicDateTime.text(issuedAt * 1_000)),
        ]
        if let expiresAt { external["exp"] = .string(LogicDateTime.text(expiresAt * 1_000)) }
        if let issuingCountry { external["issuerCountryCode"] = .string(issuingCountry.uppercased()) }
        return .object(["payload": payload, "external": .object(external)])
    }

    /// A rule's verdict on `data`: met when its Logic gives `true`; an error counts as not met
    /// (the specification's advice).
    public static func isMet(_ rule: GatewayRule, on data: LogicValue) -> Bool {
        (try? CertLogic.evaluate(rule.logic, data: data)) == .bool(true)
    }
}

extension LogicValue {
    /// A CBOR item as rules read it: maps with text keys as objects, tags by their content,
    /// byte strings as base64 text.
    public init(cbor: CBOR) {
        switch cbor {
        case .unsigned(let value): self = value <= UInt64(Int64.max) ? .integer(Int64(value)) : .decimal(Double(value))
        case .negative(let value): self = value < UInt64(Int64.max) ? .integer(-1 - Int64(value)) : .decimal(-1 - Double(value))
        case .bytes(let bytes): self = .string(Data(bytes).base64EncodedString())
        case .text(let text): self = .string(text)
        case .array(let items): self = .array(items.map(LogicValue.init(cbor:)))
        case .map(let entries):
            var members = [String: LogicValue]()
            for entry in entries {
                let key: String
                switch entry.key {
                case .text(let text): key = text
                case let other: key = other.intValue.map(String.init) ?? other.kindName
                }
                members[key] = LogicValue(cbor: entry.value)
            }
            self = .object(members)
        case .tagged(_, let item): self = LogicValue(cbor: item)
        case .bool(let value): self = .bool(value)
        case .null, .undefined: self = .null
        case .float(let value): self = value.rounded() == value && abs(value) < 9.0e15 ? .integer(Int64(value)) : .decimal(value)
        }
    }
}

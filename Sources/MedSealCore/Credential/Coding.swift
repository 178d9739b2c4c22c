/// A code from a terminology (SNOMED CT, RxNorm, ATC, ICD-10, ICD-11, CVX, LOINC …),
/// like FHIR's `Coding`. In tokens it is the map `{1: system, 2: code}`, where a code made
/// only of digits with no leading zero (as SNOMED CT and RxNorm codes are) is an unsigned
/// integer, and any other code is text.
public struct Coding: Hashable, Sendable, Codable, CBORRepresentable {
    public var system: CodeSystem
    public var code: String

    public init(system: CodeSystem, code: String) {
        self.system = system
        self.code = code
    }

    enum CodingKeys: Int, CodingKey {
        case system = 1, code = 2
    }

    /// The code as an integer, when it is one in its only decimal spelling.
    var numericCode: UInt64? {
        guard let first = code.first, first != "0", code.count <= 19, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(code)
    }

    public var cbor: CBOR {
        .map([CBORMapEntry(.int(1), system.cbor), CBORMapEntry(.int(2), numericCode.map(CBOR.unsigned) ?? .text(code))])
    }

    public init(cbor: CBOR) throws(FieldError) {
        guard case .map(let entries) = cbor, entries.count == 2, let system = cbor[.int(1)], let value = cbor[.int(2)] else {
            throw FieldError("a coding must be a map of system (1) and code (2)")
        }
        self.system = try CodeSystem(cbor: system)
        switch value {
        case .unsigned(let number): code = String(number)
        case .text(let text) where !text.isEmpty:
            code = text
            guard numericCode == nil else { throw FieldError("numeric code \(text) must be encoded as an integer") }
        default: throw FieldError("code must be text or an unsigned integer")
        }
    }
}

/// A terminology, named by its FHIR URI. Well-known systems travel in tokens as a small
/// integer; any other system travels as its URI.
public struct CodeSystem: Hashable, Sendable, Codable, CustomStringConvertible, CBORRepresentable {
    /// The FHIR system URI.
    public let uri: String

    /// Well-known systems: compact number, display name, FHIR URI, and accepted aliases.
    static let known: [(number: Int64, name: String, uri: String, aliases: [String])] = [
        (1, "SNOMED CT", "http://snomed.info/sct", ["snomed", "sct", "snomed-ct", "snomedct"]),
        (2, "RxNorm", "http://www.nlm.nih.gov/research/umls/rxnorm", ["rxnorm"]),
        (3, "ATC", "http://www.whocc.no/atc", ["atc"]),
        (4, "ICD-10", "http://hl7.org/fhir/sid/icd-10", ["icd10", "icd-10"]),
        (5, "ICD-11", "http://id.who.int/icd/release/11/mms", ["icd11", "icd-11"]),
        (6, "CVX", "http://hl7.org/fhir/sid/cvx", ["cvx"]),
        (7, "LOINC", "http://loinc.org", ["loinc"]),
        (8, "EU product", "https://ec.europa.eu/health/documents/community-register/html/", ["eu-product", "eu-register"]),
    ]

    public static let snomed = CodeSystem(uri: "http://snomed.info/sct")
    public static let cvx = CodeSystem(uri: "http://hl7.org/fhir/sid/cvx")
    public static let icd11 = CodeSystem(uri: "http://id.who.int/icd/release/11/mms")

    init(uri: String) { self.uri = uri }

    /// A system from its URI or one of its names (`SNOMED CT`, `snomed`, `CVX` …);
    /// `nil` for empty text.
    public init?(name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let lowered = trimmed.lowercased()
        if let entry = CodeSystem.known.first(where: { $0.uri == trimmed || $0.name.lowercased() == lowered || $0.aliases.contains(lowered) }) {
            uri = entry.uri
        } else {
            uri = trimmed
        }
    }

    /// The short display name of a well-known system, or the URI.
    public var description: String { CodeSystem.known.first { $0.uri == uri }?.name ?? uri }

    public init(from decoder: any Decoder) throws {
        guard let system = CodeSystem(name: try decoder.singleValueContainer().decode(String.self)) else {
            throw FieldError(path: describePath(decoder.codingPath), "empty code system")
        }
        self = system
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var cbor: CBOR {
        if let entry = CodeSystem.known.first(where: { $0.uri == uri }) { return .int(entry.number) }
        return .text(uri)
    }

    public init(cbor: CBOR) throws(FieldError) {
        switch cbor {
        case .text(let text) where !text.isEmpty:
            uri = text
        default:
            guard let number = cbor.intValue, let entry = CodeSystem.known.first(where: { $0.number == number }) else {
                throw FieldError("unknown code system \(cbor.intValue.map(String.init) ?? cbor.kindName)")
            }
            uri = entry.uri
        }
    }
}

import Foundation

/// A code from a terminology (SNOMED CT, RxNorm, ATC, ICD-10, ICD-11, CVX, LOINC …),
/// like FHIR's `Coding`.
public struct Coding: Hashable, Sendable, Codable {
    public var system: CodeSystem
    public var code: String

    public init(system: CodeSystem, code: String) {
        self.system = system
        self.code = code
    }

    enum CodingKeys: Int, CodingKey {
        case system = 1, code = 2
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

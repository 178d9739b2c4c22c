import Foundation
import MedSealEncoding

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
    var numericCode: UInt64? { Coding.integerValue(code) }

    /// `text` as an integer, when it is one in its only decimal spelling (no sign, no
    /// leading zero, at most 19 digits).
    static func integerValue(_ text: String) -> UInt64? {
        let digits = text.utf8
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 19,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return UInt64(text)
    }

    public var cbor: CBOR {
        .map([CBORMapEntry(.int(1), system.cbor), CBORMapEntry(.int(2), numericCode.map(CBOR.unsigned) ?? .text(code))])
    }

    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        var system: CodeSystem?, code: String?
        try cursor.readFields(CodingKeys.self) { (key, cursor) throws(FormatError) in
            switch key {
            case .system: system = try cursor.read(CodeSystem.self)
            case .code:
                let start = cursor.position
                guard cursor.nextMajorType == 0 else {
                    let text = try cursor.readText()
                    // One code, one encoding: a code that can be an integer must be one.
                    guard !text.isEmpty, Coding.integerValue(text) == nil else {
                        throw cursor.fail(text.isEmpty ? "must not be empty" : "numeric code \(text) must be encoded as an integer", at: start)
                    }
                    code = text
                    return
                }
                let number = try cursor.readUnsigned()
                // "0" has a leading zero, so it travels as text; 0 would be its second encoding.
                guard number > 0 else { throw cursor.fail("code 0 must be encoded as text", at: start) }
                code = Coding.decimal(number)
            }
        }
        self.init(system: try cursor.required(system, CodingKeys.system), code: try cursor.required(code, CodingKeys.code))
    }

    /// `number` in decimal digits, as `String(number)` writes it but written straight into the
    /// string's storage: the standard library's generic integer formatting cost several
    /// times as much, and most tokens carry a numeric code or more.
    static func decimal(_ number: UInt64) -> String {
        // UInt64.max has 20 digits; they are written from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = number, start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            let text = UnsafeBufferPointer(rebasing: digits[start...])
            return String(unsafeUninitializedCapacity: text.count) { $0.initialize(fromContentsOf: text) }
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

    /// The URI of each well-known system by its URI and by each alias, as written.
    static let byURIOrAlias: [String: String] = {
        var table = [String: String]()
        for entry in known {
            for word in [entry.uri] + entry.aliases where table[word] == nil { table[word] = entry.uri }
        }
        return table
    }()

    /// The URI of each well-known system by its name and aliases in lower case.
    static let byFoldedName: [String: String] = {
        var table = [String: String]()
        for entry in known {
            for word in [entry.name.lowercased()] + entry.aliases.map({ $0.lowercased() }) where table[word] == nil { table[word] = entry.uri }
        }
        return table
    }()

    /// A system from its URI or one of its names (`SNOMED CT`, `snomed`, `CVX` …);
    /// `nil` for empty text.
    public init?(name: String) {
        // A known URI or alias as it stands, as credentials write it: nothing to fold.
        if let known = CodeSystem.byURIOrAlias[name] {
            uri = known
            return
        }
        let trimmed = name.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        uri = CodeSystem.byURIOrAlias[trimmed] ?? CodeSystem.byFoldedName[trimmed.lowercased()] ?? trimmed
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

    public init(compact cursor: inout CBORCursor) throws(FormatError) {
        let start = cursor.position
        guard cursor.nextMajorType == 0 else {
            let text = try cursor.readText()
            guard !text.isEmpty else { throw cursor.fail("must not be empty", at: start) }
            uri = text
            return
        }
        let number = try cursor.readUnsigned()
        // The known systems are numbered 1, 2, 3 … in order (a test holds this).
        guard number >= 1, number <= UInt64(CodeSystem.known.count) else { throw cursor.fail("unknown code system \(number)", at: start) }
        uri = CodeSystem.known[Int(number) - 1].uri
    }
}

extension Coding: FieldCheckable {
    public static var checksOnlyTexts: Bool { true }

    public func check(_ checks: inout FieldChecks, at path: @autoclosure () -> String) {
        checks.text(code, FieldChecks.path(path(), "code"))
    }
}

import Foundation

/// The kinds of credential MedSeal issues.
public enum CredentialType: String, Hashable, Sendable, Codable, CaseIterable {
    case emergency
    case vaccination

    /// The private-use CWT claim key (RFC 8392 §9.1: below -65536) that carries this document.
    var claimKey: Int64 {
        switch self {
        case .emergency: return -65_537
        case .vaccination: return -65_538
        }
    }
}

/// The health document inside a credential: one of MedSeal's own, or the content of
/// another system's credential.
public enum CredentialDocument: Hashable, Sendable {
    case emergency(EmergencySummary)
    case vaccination(VaccinationRecord)
    /// A SMART Health Card's or EU DCC's content (never inside a MedSeal token).
    case interop(InteropRecord)

    /// The MedSeal credential type; `nil` for another system's document.
    public var type: CredentialType? {
        switch self {
        case .emergency: return .emergency
        case .vaccination: return .vaccination
        case .interop: return nil
        }
    }

    /// What the document is about, for every format.
    public var kind: DocumentKind {
        switch self {
        case .emergency: return .emergency
        case .vaccination: return .vaccination
        case .interop(let record): return record.kind
        }
    }

    /// The person named, for every format.
    public var holder: Holder {
        switch self {
        case .emergency(let summary): return Holder(summary.patient)
        case .vaccination(let record): return Holder(record.patient)
        case .interop(let record): return record.holder
        }
    }

    /// The doses recorded, for every format (empty for emergency summaries).
    public var doses: [Dose] {
        switch self {
        case .emergency: return []
        case .vaccination(let record): return record.doses
        case .interop(let record): return record.doses
        }
    }

    private var encodable: any Encodable {
        switch self {
        case .emergency(let summary): return summary
        case .vaccination(let record): return record
        case .interop(let record): return record
        }
    }

    /// Reads and checks a JSON input document of the given type. Every problem is reported
    /// with its field path; fields the format does not know are refused.
    public static func fromJSON(_ data: Data, type: CredentialType) throws(FieldError) -> CredentialDocument {
        try decode(JSONTree.parse(data), type: type, style: .named)
    }

    /// Reads and checks a JSON input file (`-` for standard input); problems name the file
    /// and the field.
    public static func read(path: String, type: CredentialType) throws(UserError) -> CredentialDocument {
        let data = try FileStore.read(path)
        do {
            return try fromJSON(data, type: type)
        } catch {
            throw UserError(.input, "\(path == "-" ? "standard input" : path): \(error)")
        }
    }

    /// Reads a document from its compact CBOR form inside a token.
    public static func fromCBOR(_ item: CBOR, type: CredentialType) throws(FieldError) -> CredentialDocument {
        try decode(item, type: type, style: .compact)
    }

    private static func decode(_ item: CBOR, type: CredentialType, style: CBORValueDecoder.Style) throws(FieldError) -> CredentialDocument {
        let document: CredentialDocument
        switch type {
        case .emergency: document = .emergency(try CBORValueDecoder.decode(EmergencySummary.self, from: item, style: style))
        case .vaccination: document = .vaccination(try CBORValueDecoder.decode(VaccinationRecord.self, from: item, style: style))
        }
        var checks = FieldChecks()
        switch document {
        case .emergency(let summary): summary.check(&checks, at: "")
        case .vaccination(let record): record.check(&checks, at: "")
        case .interop: break
        }
        try checks.throwIfAny()
        return document
    }

    /// The compact CBOR form carried in tokens (integer keys, tag-100 dates).
    public var cbor: CBOR {
        // Encoding plain value types into CBOR values cannot fail.
        (try? CBORValueEncoder.encode(encodable)) ?? .null
    }

    /// The document as JSON with the input field names, keys sorted.
    public func json(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(encodable)) ?? Data("{}".utf8)
    }
}

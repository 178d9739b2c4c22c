import Foundation
import MedSealEncoding

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

    /// The type whose document a claim key carries; `nil` for any other key.
    init?(claimKey: Int64) {
        switch claimKey {
        case CredentialType.emergency.claimKey: self = .emergency
        case CredentialType.vaccination.claimKey: self = .vaccination
        default: return nil
        }
    }
}

/// The health document inside a credential: one of MedSeal's own, or the content of
/// another system's credential. Indirect: the document is one shared box, so copying a
/// credential or a verification result (which every policy and report does) costs one
/// reference count, not one per field.
public indirect enum CredentialDocument: Hashable, Sendable {
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
        let tree = try JSONTree.parse(data)
        switch type {
        case .emergency:
            let summary = try CBORValueDecoder.decode(EmergencySummary.self, from: tree) { summary, checks in
                normalized(summary).check(&checks, at: "")
            }
            return .emergency(normalized(summary))
        case .vaccination:
            return .vaccination(try CBORValueDecoder.decode(VaccinationRecord.self, from: tree) { record, checks in record.check(&checks, at: "") })
        }
    }

    /// An emergency summary as input gives it, with its blood type written the one way.
    static func normalized(_ summary: EmergencySummary) -> EmergencySummary {
        var summary = summary
        summary.bloodType = summary.bloodType.map(EmergencySummary.normalizedBloodType)
        return summary
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

    /// Reads a document of the given type from its compact CBOR form where `cursor` is (in
    /// a token's claims), and checks its fields as JSON input is checked.
    public static func read(compact cursor: inout CBORCursor, type: CredentialType) throws(FormatError) -> CredentialDocument {
        switch type {
        case .emergency: return .emergency(try checkedRead(EmergencySummary.self, from: &cursor))
        case .vaccination: return .vaccination(try checkedRead(VaccinationRecord.self, from: &cursor))
        }
    }

    /// One part read from its compact form and checked; a field problem is an error of the cursor's layer.
    private static func checkedRead<Part: CompactDecodable & FieldCheckable>(_ type: Part.Type, from cursor: inout CBORCursor) throws(FormatError) -> Part {
        cursor.textsRead = CBORCursor.TextsRead()
        let part = try cursor.read(type)
        do { return try checked(part, checks: FieldChecks(textsRead: cursor.textsRead)) } catch { throw FormatError(cursor.layer, error.message, field: error.path) }
    }

    /// Reads a document of the given type from exactly `bytes`, its compact CBOR form.
    public static func fromCompact(_ bytes: [UInt8], type: CredentialType) throws(FormatError) -> CredentialDocument {
        var cursor = CBORCursor(bytes, layer: "document")
        let document = try read(compact: &cursor, type: type)
        guard cursor.isAtEnd else { throw cursor.fail("unexpected bytes after the document") }
        return document
    }

    /// `part` once its every field's content is checked (lengths, control characters, codes,
    /// dates); a problem names the first field and counts the others. (A part is checked
    /// before it goes into a document, so that it is not copied out again.)
    static func checked<Part: FieldCheckable>(_ part: Part, checks: FieldChecks = FieldChecks()) throws(FieldError) -> Part {
        var checks = checks
        part.check(&checks, at: "")
        try checks.throwIfAny()
        return part
    }

    /// The compact CBOR form carried in tokens (integer keys, tag-100 dates).
    public var cbor: CBOR {
        // Encoding plain value types into CBOR values cannot fail.
        (try? CBORValueEncoder.encode(encodable)) ?? .null
    }

    /// The document as JSON with the input field names, keys sorted.
    public func json(pretty: Bool = false) -> Data {
        (try? JSONWriter.data(encoding: encodable, pretty: pretty)) ?? Data("{}".utf8)
    }
}

import Foundation
import MedSealCore

/// The tokens of a batch file: one per line, or a table whose header has a `token` column,
/// separated by commas (CSV), semicolons (what spreadsheets write where the comma is the
/// decimal mark) or tabs. A UTF-8 byte order mark, as spreadsheets and Notepad write it, is
/// skipped.
struct BatchInput {
    /// (row number in the file, token text).
    let rows: [(row: Int, token: String)]
    /// The table's column separator; a comma for a list of tokens.
    let separator: Character

    /// Column separators a table may use, in the order they are tried. None of them is in the
    /// Base45 alphabet, so a token never holds one.
    static let separators: [Character] = [",", ";", "\t"]

    init(data: Data, name: String) throws(UserError) {
        // Split the bytes, not Characters: a file of 100,000 tokens is read in milliseconds.
        var lines = [String]()
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = buffer.starts(with: FileStore.utf8ByteOrderMark) ? 3 : 0
            while start < buffer.count {
                // memchr finds each line feed many bytes at a time.
                let found: UnsafeMutableRawPointer? = memchr(base + start, 0x0A, buffer.count - start)
                let index = found.map { UnsafeRawPointer($0) - base } ?? buffer.count
                var end = index
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                start = index + 1
            }
        }
        guard let first = lines.first else { throw UserError(.input, "\(name) holds no tokens") }
        let blank: (String) -> Bool = { $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        let table = BatchInput.separators.lazy.compactMap { separator -> (Character, Int)? in
            guard first.contains(separator) else { return nil }
            let header = BatchInput.fields(first, separator: separator).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
            return header.firstIndex(of: "token").map { (separator, $0) }
        }.first
        separator = table?.0 ?? ","
        if let (separator, column) = table {
            rows = lines.enumerated().dropFirst().compactMap { index, line in
                guard !blank(line) else { return nil }
                let fields = BatchInput.fields(line, separator: separator)
                return (index + 1, column < fields.count ? fields[column] : "")
            }
        } else {
            rows = lines.enumerated().compactMap { index, line in blank(line) ? nil : (index + 1, line) }
        }
    }

    /// The fields of one line of a table (RFC 4180 quoting; a token has no separator or quote).
    static func fields(_ line: String, separator: Character) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else { return line.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        var fields = [String](), current = "", quoted = false
        for character in line {
            switch (character, quoted) {
            case ("\"", true): quoted = false
            case ("\"", false) where current.isEmpty: quoted = true
            case (separator, false): fields.append(current); current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

/// One row of the batch report.
struct BatchRow {
    static let columns = ["row", "valid", "status", "reason", "issuer", "type", "name", "birthDate", "rule", "ruleMet", "ruleOutcome"]

    let values: [String: JSONValue]

    init(row: Int, result: VerificationResult, profile: DisclosureProfile?) {
        var values: [String: JSONValue] = ["row": .int(Int64(row)), "valid": .bool(result.isValid), "status": .string(result.status.rawValue),
                                           "reason": .string(result.reasons.first?.message ?? ""), "issuer": .string(result.claimedIssuer ?? "")]
        if let credential = result.credential {
            let document = credential.claims.document
            values["type"] = .string(document.kind.rawValue)
            values["name"] = .string(document.holder.name)
            if (profile ?? .standard(for: document.kind)) == .checkpoint { values["birthDate"] = .string(document.holder.birthDate) }
        }
        if let outcome = result.ruleOutcomes.first {
            values["rule"] = .string(outcome.ruleID)
            values["ruleMet"] = .bool(outcome.isMet)
            values["ruleOutcome"] = .string(outcome.description)
        }
        self.values = values
    }

    var json: String { JSONText.escapingInvisible(JSONText.object(values)) }

    /// The row as a line of a table whose columns `separator` divides (``CSVCell``).
    func csv(separator: Character) -> String {
        BatchRow.columns.map { column in
            switch values[column] {
            case .string(let value)?: return CSVCell.text(value, separator: separator)
            case .int(let number)?: return String(number)
            case .bool(let flag)?: return flag ? "true" : "false"
            default: return ""
            }
        }.joined(separator: String(separator))
    }
}

import Foundation
import MedSealCore

/// The tokens of a batch file: one per line, or a CSV file whose header has a `token` column.
struct BatchInput {
    /// (row number in the file, token text).
    let rows: [(row: Int, token: String)]

    init(data: Data, name: String) throws(UserError) {
        // Split the bytes, not Characters: a file of 100,000 tokens is read in milliseconds.
        var lines = [String]()
        data.withUnsafeBytes { buffer in
            var start = 0
            for index in 0...buffer.count where index == buffer.count || buffer[index] == 0x0A {
                var end = index
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                if index < buffer.count || end > start {
                    lines.append(String(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                }
                start = index + 1
            }
        }
        guard let first = lines.first else { throw UserError(.input, "\(name) holds no tokens") }
        let header = BatchInput.fields(first).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        let blank: (String) -> Bool = { $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        if first.contains(","), let column = header.firstIndex(of: "token") {
            rows = lines.enumerated().dropFirst().compactMap { index, line in
                guard !blank(line) else { return nil }
                let fields = BatchInput.fields(line)
                return (index + 1, column < fields.count ? fields[column] : "")
            }
        } else {
            rows = lines.enumerated().compactMap { index, line in blank(line) ? nil : (index + 1, line) }
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting; a token has no comma or quote).
    static func fields(_ line: String) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else { return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var fields = [String](), current = "", quoted = false
        for character in line {
            switch (character, quoted) {
            case ("\"", true): quoted = false
            case ("\"", false) where current.isEmpty: quoted = true
            case (",", false): fields.append(current); current = ""
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

    var json: String { JSONText.object(values) }

    var csv: String {
        BatchRow.columns.map { column in
            let text: String
            switch values[column] {
            case .string(let value)?: text = value
            case .int(let number)?: text = String(number)
            case .bool(let flag)?: text = flag ? "true" : "false"
            default: text = ""
            }
            return text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }.joined(separator: ",")
    }
}

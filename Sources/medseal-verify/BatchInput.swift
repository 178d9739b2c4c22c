import MedSealCore

/// The tokens of a batch file: one per line, or a CSV file whose header has a `token` column.
struct BatchInput {
    /// (row number in the file, token text).
    let rows: [(row: Int, token: String)]

    init(text: String, name: String) throws(UserError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first else { throw UserError(.input, "\(name) holds no tokens") }
        let header = BatchInput.fields(first).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        if first.contains(","), let column = header.firstIndex(of: "token") {
            rows = lines.enumerated().dropFirst().compactMap { index, line in
                let fields = BatchInput.fields(line)
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
                return (index + 1, column < fields.count ? fields[column] : "")
            }
        } else {
            rows = lines.enumerated().compactMap { index, line in
                line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : (index + 1, line)
            }
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting; a token has no comma or quote).
    static func fields(_ line: String) -> [String] {
        var fields = [String](), current = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
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

    let values: [String: Any]

    init(row: Int, result: VerificationResult, profile: DisclosureProfile?) {
        var values: [String: Any] = ["row": row, "valid": result.isValid, "status": result.status.rawValue,
                                     "reason": result.reasons.first?.message ?? "", "issuer": result.claimedIssuer ?? ""]
        if let credential = result.credential {
            let document = credential.claims.document
            values["type"] = document.type.rawValue
            values["name"] = document.patient.name
            if (profile ?? .standard(for: document.type)) == .checkpoint { values["birthDate"] = document.patient.birthDate.description }
        }
        if let outcome = result.ruleOutcomes.first {
            values["rule"] = outcome.ruleID
            values["ruleMet"] = outcome.isMet
            values["ruleOutcome"] = outcome.description
        }
        self.values = values
    }

    var csv: String {
        BatchRow.columns.map { column in
            let value = values[column].map { "\($0)" } ?? ""
            return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",")
    }
}

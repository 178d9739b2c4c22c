import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering

/// The tokens of a batch file, read as a stream: one per line, or a table whose header has
/// a `token` column, separated by commas (CSV), semicolons (what spreadsheets write where the
/// comma is the decimal mark) or tabs. A UTF-8 byte order mark, as spreadsheets and Notepad
/// write it, is skipped. The file is read a block at a time and never held whole: memory
/// depends on the block and on ``maximumLineBytes``, not on the file's size.
final class BatchInput {
    /// Longest line kept; a longer one is reported as such, never held.
    static let maximumLineBytes = 64 * 1024
    /// How much is read from the file at once.
    static let blockBytes = 1 << 20

    /// Column separators a table may use, in the order they are tried. None of them is in the
    /// Base45 alphabet, so a token never holds one.
    static let separators: [Character] = [",", ";", "\t"]

    /// The table's column separator; a comma for a list of tokens.
    private(set) var separator: Character = ","
    /// The token column, when the file is a table.
    private var column: Int?
    /// The table's other columns, by name as the header writes them (kept beside each verdict).
    private(set) var inputColumns: [String] = []
    /// Bytes read from the file so far (for the progress bar).
    private(set) var bytesRead = 0
    /// The file's size, when it is a regular file.
    let size: Int?

    private let descriptor: Int32
    private let name: String
    /// Read bytes: `buffer[start..<filled]` is not yet taken as lines.
    private var buffer = [UInt8](repeating: 0, count: BatchInput.blockBytes + BatchInput.maximumLineBytes + 1)
    private var start = 0
    private var filled = 0
    private var atEnd = false
    private var lineNumber = 0
    private var skippedByteOrderMark = false

    /// A line too long to keep: its row, reported as unusable.
    static let overlongMarker = "\u{0}overlong"

    /// Opens `path` (`-` for standard input) and reads its first line to find a table header.
    init(path: String) throws(UserError) {
        name = path == "-" ? "standard input" : path
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw UserError(.io, "\(path): no such file") }
            guard !isDirectory.boolValue else { throw UserError(.io, "\(path): is a folder, not a file") }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw UserError(.io, "\(path): cannot be read (\(String(cString: strerror(errno))))") }
        }
        var status = stat()
        size = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : nil
        guard let first = try nextLine() else { throw UserError(.input, "\(name) holds no tokens") }
        let table = BatchInput.separators.lazy.compactMap { separator -> (Character, Int)? in
            guard first.contains(separator) else { return nil }
            let header = BatchInput.fields(first, separator: separator).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
            return header.firstIndex(of: "token").map { (separator, $0) }
        }.first
        if let (separator, column) = table {
            self.separator = separator
            self.column = column
            var names = BatchInput.fields(first, separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }
            names.remove(at: column)
            inputColumns = names
            pending = nil
        } else {
            pending = (1, first)
        }
    }

    deinit { if descriptor != STDIN_FILENO { close(descriptor) } }

    /// The first line, when it is a token rather than a header.
    private var pending: (Int, String)?

    /// One row: its number in the file, the token, and (for a table) its other cells, in the
    /// order of ``inputColumns``.
    typealias Row = (row: Int, token: String, cells: [String])

    /// The next row with a token; `nil` at the end. Blank lines are skipped; an over-long line
    /// gives ``overlongMarker``.
    func next() throws(UserError) -> Row? {
        if let row = pending {
            pending = nil
            if !BatchInput.blank(row.1) { return (row.0, row.1, []) }
        }
        while let line = try nextLine() {
            guard !BatchInput.blank(line) else { continue }
            if line == Self.overlongMarker { return (lineNumber, line, inputColumns.map { _ in "" }) }
            guard let column else { return (lineNumber, line, []) }
            var fields = BatchInput.fields(line, separator: separator)
            let token = column < fields.count ? fields.remove(at: column) : ""
            let cells = (0..<inputColumns.count).map { $0 < fields.count ? fields[$0] : "" }
            return (lineNumber, token, cells)
        }
        return nil
    }

    /// Up to `count` rows, and no more once they hold `bytes` bytes of tokens.
    func next(_ count: Int, bytes: Int) throws(UserError) -> [Row] {
        var rows = [Row]()
        rows.reserveCapacity(min(count, 65_536))
        var held = 0
        while rows.count < count, held < bytes, let row = try next() {
            rows.append(row)
            held += row.token.utf8.count
        }
        return rows
    }

    private static func blank(_ line: String) -> Bool { line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// The next line without its line end (LF or CR LF), or `nil` at the end of the file.
    private func nextLine() throws(UserError) -> String? {
        var overlong = false
        while true {
            let found: Int? = buffer.withUnsafeBytes { bytes in
                guard start < filled, let hit = memchr(bytes.baseAddress! + start, 0x0A, filled - start) else { return nil }
                return UnsafeRawPointer(hit) - bytes.baseAddress!
            }
            if let newline = found {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = overlong || end - start > Self.maximumLineBytes ? Self.overlongMarker : String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                lineNumber += 1
                return line
            }
            if filled - start > Self.maximumLineBytes {
                // Keep nothing of a line that is already too long: remember it, drop its bytes.
                overlong = true
                start = 0
                filled = 0
            }
            guard !atEnd else {
                guard start < filled || overlong else { return nil }
                var end = filled
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = overlong ? Self.overlongMarker : String(decoding: buffer[start..<end], as: UTF8.self)
                start = 0
                filled = 0
                lineNumber += 1
                return line
            }
            try fill()
        }
    }

    /// Reads the next block, keeping the unread part of the buffer.
    private func fill() throws(UserError) {
        // The unread part (less than one line) moves to the front; a block is read after it.
        let unread = filled - start
        if start > 0 {
            buffer.withUnsafeMutableBytes { bytes in _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, unread) }
            start = 0
            filled = unread
        }
        var got = 0
        while true {
            got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + unread, Self.blockBytes) }
            if got >= 0 || errno != EINTR { break }
        }
        guard got >= 0 else { throw UserError(.io, "\(name): cannot be read (\(String(cString: strerror(errno))))") }
        filled += got
        bytesRead += got
        if got == 0 { atEnd = true }
        if !skippedByteOrderMark && filled >= 3 || atEnd {
            if !skippedByteOrderMark && filled >= 3 && buffer.starts(with: FileStore.utf8ByteOrderMark) { start = 3 }
            skippedByteOrderMark = true
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
    /// The input table's own cells, kept beside the verdict, in its column order.
    let cells: [String]

    /// The report's columns for a table whose own other columns are `input`: those first (a
    /// name the report also uses gets `input.` before it), then the report's.
    static func header(input: [String]) -> [String] {
        input.map { name in columns.contains { $0.lowercased() == name.lowercased() } ? "input." + name : name } + columns
    }

    init(row: Int, result: VerificationResult, profile: DisclosureProfile?, cells: [String] = []) {
        self.cells = cells
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

    /// The row as one JSON object; the input's cells as `input.COLUMN`.
    func json(input: [String]) -> String {
        var object = values
        for (name, cell) in zip(input, cells) where object["input." + name] == nil { object["input." + name] = .string(cell) }
        return JSONText.escapingInvisible(JSONText.object(object))
    }

    /// The row as a line of a table whose columns `separator` divides (``CSVCell``).
    func csv(separator: Character) -> String {
        (cells.map { CSVCell.text($0, separator: separator) } + BatchRow.columns.map { column in
            switch values[column] {
            case .string(let value)?: return CSVCell.text(value, separator: separator)
            case .int(let number)?: return String(number)
            case .bool(let flag)?: return flag ? "true" : "false"
            default: return ""
            }
        }).joined(separator: String(separator))
    }
}

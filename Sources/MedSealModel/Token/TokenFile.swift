import Foundation
import MedSealEncoding

/// Reading a token from a `.token` file or standard input.
public enum TokenFile {
    /// The first non-empty line of the file at `path` (`-` for standard input), trimmed, after
    /// any byte order mark;
    /// every line when they are the QR texts (`shc:/…`) of one SMART Health Card; the whole
    /// file when it is JSON (a `.smart-health-card` file).
    public static func read(_ path: String) throws(UserError) -> String {
        let text = try FileStore.readText(path)
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        guard let line = lines.first else {
            throw UserError(.input, "\(path == "-" ? "standard input" : path): holds no token")
        }
        if line.hasPrefix("{") { return text }
        if line.lowercased().hasPrefix("shc:/") { return lines.joined(separator: "\n") }
        return line
    }
}


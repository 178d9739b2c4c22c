/// Reading a token from a `.token` file or standard input.
public enum TokenFile {
    /// The first non-empty line of the file at `path` (`-` for standard input), trimmed.
    public static func read(_ path: String) throws(UserError) -> String {
        let data = try FileStore.read(path, limit: DecodingLimits.maximumTokenCharacters * 4)
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline)
            .map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { !$0.isEmpty }) else {
            throw UserError(.input, "\(path == "-" ? "standard input" : path): holds no token")
        }
        return line
    }
}

import Foundation

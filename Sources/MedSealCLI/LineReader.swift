import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads standard input a line at a time as it arrives (a handheld scanner types one line
/// per code), with a cap on line length so that endless garbage cannot exhaust memory.
public struct LineReader {
    private var buffer = [UInt8]()
    private var finished = false
    private let descriptor: Int32
    /// Longest line kept; the rest of a longer line is dropped (and the line marked).
    public let maximumLength: Int

    public init(descriptor: Int32 = STDIN_FILENO, maximumLength: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.maximumLength = maximumLength
    }

    /// The next line without its `\n` (and `\r`), `nil` at end of input. A line longer than
    /// the cap comes back cut to the cap.
    public mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline].prefix(maximumLength))
                buffer.removeSubrange(...newline)
                return String(decoding: line, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer.prefix(maximumLength), as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            }
            var chunk = [UInt8](repeating: 0, count: 4_096)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4_096) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { finished = true; continue }
            buffer += chunk[..<count]
            // Keep memory bounded while a line has no end yet.
            if buffer.count > maximumLength * 2, buffer.firstIndex(of: 0x0A) == nil {
                buffer.removeSubrange(maximumLength..<buffer.count)
            }
        }
    }
}

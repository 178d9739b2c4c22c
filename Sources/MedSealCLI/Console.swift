import Foundation
import MedSealEncoding
import MedSealModel
import MedSealVerification
import MedSealStore
import MedSealRendering
#if canImport(Glibc)
import Glibc
#endif

/// Where a command's output goes, and whether it may use colour.
public struct Console: Sendable {
    /// Whether standard output is a terminal.
    public let isTerminal: Bool
    /// Colour only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
    public let useColour: Bool

    public init() {
        let environment = ProcessInfo.processInfo.environment
        isTerminal = isatty(STDOUT_FILENO) == 1
        useColour = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// The width of the terminal standard output goes to, in columns; `nil` when it is not a
    /// terminal or does not say.
    public var columns: Int? {
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Prints to standard output. Nothing but line feeds and this program's own colours
    /// reaches the terminal as a control character (``TerminalText/output(_:)``).
    public func out(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data(TerminalText.output(text + terminator).utf8))
    }

    /// Prints to standard error, cleaned as ``out(_:terminator:)`` cleans.
    public func error(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.output(text + "\n").utf8))
    }

    /// `text` in an ANSI colour when colour is allowed. The text itself is cleaned first, so
    /// that only the colour added here is a sequence the terminal obeys.
    public func colour(_ text: String, _ code: String) -> String {
        useColour ? "\u{1B}[\(code)m\(TerminalText.output(text))\u{1B}[0m" : text
    }

    /// Green bold.
    public func good(_ text: String) -> String { colour(text, "1;32") }
    /// Red bold.
    public func bad(_ text: String) -> String { colour(text, "1;31") }
    /// Yellow.
    public func warn(_ text: String) -> String { colour(text, "33") }
}

/// An error meant for the person at the keyboard: one clear message, and the kind of
/// problem (the command line maps kinds to its exit statuses, see MedSealCLI's `ExitStatus`).
public struct UserError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Bad flags or arguments (exit status 2).
        case usage
        /// An input file or token that cannot be used (exit status 2).
        case input
        /// A key file that is missing, malformed or too open (exit status 3).
        case key
        /// A file that cannot be read or written (exit status 4).
        case io
        /// A verifier store file that is damaged or was altered (exit status 3).
        case damaged
    }

    public var kind: Kind
    public var message: String
    /// What the person can do about it, worded by the command line (``Remedy``).
    public var remedy: Remedy?

    public init(_ kind: Kind, _ message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
    }

    public var description: String { message }
}

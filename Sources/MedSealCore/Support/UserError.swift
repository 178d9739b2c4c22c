/// An error meant for the person at the keyboard: one clear message, and the kind of
/// problem, which decides the command's exit status.
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

        /// The exit status that this kind of problem documents.
        public var exitStatus: Int32 {
            switch self {
            case .usage, .input: return 2
            case .key, .damaged: return 3
            case .io: return 4
            }
        }
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

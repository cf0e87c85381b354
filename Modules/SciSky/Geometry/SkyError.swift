public import SciCore

/// A problem with sky geometry input (a position, radius, level or WCS), one line with a hint.
public struct SkyError: Error, CustomStringConvertible, Sendable, SciErrorConvertible {
    /// What was wrong.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// An error with a message and an optional hint.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message.
    public var description: String { message }

    /// The error as sci prints it.
    public var sciError: SciError { SciError(message, hint: hint) }
}

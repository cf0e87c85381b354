/// An error a user can meet: one line that says what failed, an optional hint saying what to do, and an exit code.
public struct SciError: Error, CustomStringConvertible, Sendable {
    /// What failed, in one line and in the user's words.
    public var message: String
    /// What to do about it, for example "run `sci henry login`".
    public var hint: String?
    /// The process exit code when this error ends a command.
    public var exitCode: Int32
    /// The lower-level error, shown only with `--verbose`.
    public var underlying: String?

    /// Makes an error; the exit code defaults to 1 (failure).
    public init(_ message: String, hint: String? = nil, exitCode: Int32 = 1, underlying: (any Error)? = nil) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
        self.underlying = underlying.map { String(describing: $0) }
    }

    /// The message, followed by the hint on the same line when there is one.
    public var description: String {
        guard let hint else { return message }
        return "\(message) (\(hint))"
    }

    /// Exit code for usage errors: a wrong flag or argument.
    public static let usageExitCode: Int32 = 2
}

/// Errors that know how to present themselves as a `SciError`.
public protocol SciErrorConvertible: Error {
    /// The user-facing form of this error.
    var sciError: SciError { get }
}

extension SciError {
    /// The user-facing form of any error: a `SciError` as it is, a convertible one converted, anything else wrapped.
    public static func from(_ error: any Error) -> SciError {
        switch error {
        case let error as SciError: return error
        case let error as any SciErrorConvertible: return error.sciError
        case is CancellationError: return SciError("cancelled", exitCode: 130)
        default: return SciError(String(describing: error), underlying: error)
        }
    }
}

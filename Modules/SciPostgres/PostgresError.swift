public import SciCore

/// A failure reported by PostgreSQL or libpq: the server's message and SQLSTATE code when it sent them. It never
/// holds the password: libpq does not echo it, and connection errors name the server by a URL without it.
public struct PostgresError: Error, Sendable, CustomStringConvertible, SciErrorConvertible {
    /// The five-character SQLSTATE code (`23505` unique violation, `28P01` wrong password, `57P01` server shut
    /// down, …), or nil when the failure happened in libpq (no connection, connection lost).
    public let sqlState: String?
    /// What failed, in one line.
    public let message: String
    /// The server's detail line, if any.
    public let detail: String?
    /// What to do about it: the server's hint, or one of ours.
    public let hint: String?

    /// Makes an error.
    public init(sqlState: String?, message: String, detail: String? = nil, hint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// `message (SQLSTATE code): detail`.
    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += ": \(detail)" }
        return text
    }

    /// The user-facing form, with the hint.
    public var sciError: SciError { SciError(description, hint: hint) }
}

/// One row of the `Warnings` table the AstrOmatic programs write: when, and what.
public struct VOTableWarning: Sendable, Hashable {
    /// The date as the program wrote it (YYYY-MM-DD).
    public var date: String
    /// The time of day as the program wrote it (HH:MM:SS).
    public var time: String
    /// The warning text, e.g. "BOGUS keyword unknown".
    public var message: String

    /// Makes a warning by hand.
    public init(date: String, time: String, message: String) {
        self.date = date
        self.time = time
        self.message = message
    }
}

public import Foundation

/// ISO 8601 times as sci writes and reads them, in one place: instants with a zone, or a date alone.
public enum ISO8601 {
    /// `date` as `2025-06-17T19:13:04Z` in UTC (`.512Z` with `fractionalSeconds`), or with `timeZone`'s offset.
    public static func string(_ date: Date, fractionalSeconds: Bool = false, timeZone: TimeZone = .gmt) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, includingFractionalSeconds: fractionalSeconds, timeZone: timeZone))
    }

    /// The instant `text` names: a time with a zone (`Z` or `±hh:mm`, fractional seconds allowed), or with
    /// `dateAlone` a date such as `2023-11-14` (midnight UTC). A time without a zone is nil: it would mean a
    /// different instant on every machine.
    public static func date(_ text: String, dateAlone: Bool = false) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if dateAlone, text.utf8.count == 10,
           let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
            return date
        }
        return nil
    }
}

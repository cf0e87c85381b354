import Foundation
import SciCore

/// Times as HIPPO writes them: ISO 8601 in UTC with milliseconds and no zone (`2025-06-17T19:13:04.512000`).
enum Timestamp {
    static func now() -> String { string(Date()) }

    static func string(_ date: Date) -> String {
        let formatted = ISO8601.string(date, fractionalSeconds: true)
        // `2025-06-17T19:13:04.512Z` → `2025-06-17T19:13:04.512000`, pydantic's rendering of a naive datetime.
        return String(formatted.dropLast()) + "000"
    }
}

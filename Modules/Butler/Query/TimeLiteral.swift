import Foundation

/// Reads daf_butler's time literals (`T'2025-04-01T00:10:00'`, `T'60000.5'`, `T'mjd/60000.5/tai'`, `T'unix/1.7e9'`)
/// into the registry's encoding: TAI nanoseconds since 1970-01-01T00:00:00 TAI.
public enum TimeLiteral {
    /// Why a literal could not be read.
    struct Failure: Error { var message: String }

    /// TAI − UTC since 2017-01-01; earlier leap seconds are not tabulated, so older UTC times are off by up to 37 s.
    static let taiMinusUTC: Int64 = 37

    /// TAI nanoseconds for the literal's text.
    static func parse(_ text: String) throws -> Int64 {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var format: String?
        var value = text
        var scale: String?
        switch parts.count {
        case 1: break
        case 2:
            // `value/scale` or `format/value`.
            if ["tai", "utc", "tt"].contains(parts[1].lowercased()) { (value, scale) = (parts[0], parts[1]) } else {
                (format, value) = (parts[0], parts[1])
            }
        case 3: (format, value, scale) = (parts[0], parts[1], parts[2])
        default: throw Failure(message: "'\(text)' is not a time")
        }
        let kind = format?.lowercased() ?? (Double(value) != nil ? "mjd" : "iso")
        let isTAI: Bool
        switch scale?.lowercased() {
        case nil: isTAI = kind == "mjd"
        case "tai": isTAI = true
        case "utc": isTAI = false
        default: throw Failure(message: "time scale '\(scale!)' is not supported; use tai or utc")
        }
        var seconds: Double
        switch kind {
        case "mjd":
            guard let mjd = Double(value) else { throw Failure(message: "'\(value)' is not an MJD") }
            seconds = (mjd - 40587) * 86400
        case "unix":
            guard let unix = Double(value) else { throw Failure(message: "'\(value)' is not a Unix time") }
            seconds = unix
        case "iso", "isot", "fits":
            guard let calendar = calendarSeconds(value) else { throw Failure(message: "'\(value)' is not an ISO time") }
            seconds = calendar
        default: throw Failure(message: "time format '\(kind)' is not supported; use iso, isot, mjd or unix")
        }
        if !isTAI { seconds += Double(taiMinusUTC) }
        return Int64((seconds * 1e9).rounded())
    }

    /// Seconds since 1970-01-01 of a `YYYY-MM-DD[( |T)hh:mm[:ss[.fff]]]` reading in the same scale.
    static func calendarSeconds(_ text: String) -> Double? {
        let pieces = text.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard (1...2).contains(pieces.count) else { return nil }
        let date = pieces[0].split(separator: "-").compactMap { Int64($0) }
        guard date.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]) else { return nil }
        var clock: Double = 0
        if pieces.count == 2 {
            let fields = pieces[1].split(separator: ":").map(String.init)
            guard (2...3).contains(fields.count), let hours = Double(fields[0]), let minutes = Double(fields[1]) else { return nil }
            let secondsPart = fields.count == 3 ? Double(fields[2]) : 0
            guard let secondsPart else { return nil }
            clock = hours * 3600 + minutes * 60 + secondsPart
        }
        return Double(daysFromCivil(year: date[0], month: date[1], day: date[2])) * 86400 + clock
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The current time in the registry's encoding.
    public static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 + Double(taiMinusUTC)) * 1e9)
    }
}

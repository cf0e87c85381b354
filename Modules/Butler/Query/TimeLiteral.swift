import Foundation

/// Reads daf_butler's time literals (`T'2025-04-01T00:10:00'`, `T'60000.5'`, `T'mjd/60000.5/tai'`,
/// `T'unix/1700000000.0'`) into the registry's encoding: TAI nanoseconds since 1970-01-01T00:00:00 TAI.
///
/// The forms are those of daf_butler's literal regex: a number needs a decimal point (a bare `60000` is refused, as
/// are `nan` and `inf`), ISO dates may carry a time. Times are clamped as daf_butler's `TimeConverter` clamps them,
/// to 1970-01-01 TAI … 2100-01-01 TAI, so no literal can overflow the 64-bit encoding.
public enum TimeLiteral {
    /// Why a literal could not be read.
    struct Failure: Error { var message: String }

    /// The latest time the registry encodes, 2100-01-01T00:00:00 TAI: later literals mean this one.
    public static let maximum: Int64 = 4_102_444_800 * 1_000_000_000
    /// The earliest, 1970-01-01T00:00:00 TAI.
    public static let minimum: Int64 = 0

    /// TAI − UTC in seconds from each date on (Unix days of UTC midnights), as the IERS tables give it.
    private static let leapSeconds: [(day: Int64, offset: Int64)] = {
        let dates: [(year: Int64, month: Int64, offset: Int64)] = [
            (1972, 1, 10), (1972, 7, 11), (1973, 1, 12), (1974, 1, 13), (1975, 1, 14), (1976, 1, 15), (1977, 1, 16),
            (1978, 1, 17), (1979, 1, 18), (1980, 1, 19), (1981, 7, 20), (1982, 7, 21), (1983, 7, 22), (1985, 7, 23),
            (1988, 1, 24), (1990, 1, 25), (1991, 1, 26), (1992, 7, 27), (1993, 7, 28), (1994, 7, 29), (1996, 1, 30),
            (1997, 7, 31), (1999, 1, 32), (2006, 1, 33), (2009, 1, 34), (2012, 7, 35), (2015, 7, 36), (2017, 1, 37),
        ]
        return dates.map { (daysFromCivil(year: $0.year, month: $0.month, day: 1), $0.offset) }
    }()

    /// TAI − UTC at a UTC time given as seconds since 1970 UTC (10 s before 1972, when the table starts).
    static func taiMinusUTC(atUTCSeconds seconds: Double) -> Int64 {
        let day = (seconds / 86400).rounded(.down)
        return leapSeconds.last { Double($0.day) <= day }?.offset ?? 10
    }

    /// TAI nanoseconds for the literal's text, clamped to `minimum...maximum`.
    static func parse(_ text: String) throws -> Int64 {
        var clamped = false
        return try parse(text, clamped: &clamped)
    }

    /// As `parse(_:)`; `clamped` tells whether the time was outside the registry's range (daf_butler warns then).
    static func parse(_ text: String, clamped: inout Bool) throws -> Int64 {
        let trimmed = text.replacingOccurrences(of: "+00:00", with: "")
        var parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var format: String?
        var scale: String?
        // `format/value/scale`, each part optional but the value; a format or scale is a word.
        func isWord(_ part: String) -> Bool {
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
        if parts.count == 3 {
            (format, scale) = (parts[0], parts[2])
            parts = [parts[1]]
        } else if parts.count == 2 {
            if isWord(parts[0]), !looksLikeValue(parts[0]) {
                format = parts[0]
                parts = [parts[1]]
            } else {
                scale = parts[1]
                parts = [parts[0]]
            }
        }
        guard parts.count == 1, format.map(isWord) ?? true, scale.map(isWord) ?? true else {
            throw Failure(message: "'\(text)' is not a time")
        }
        let value = parts[0]
        let isNumber = isDecimal(value)
        guard isNumber || isCalendar(value) else {
            throw Failure(message: "'\(text)' is not a time (write e.g. 2025-04-01T00:10:00, 60766.5 or mjd/60766.5/tai)")
        }
        let kind = format?.lowercased() ?? (isNumber ? "mjd" : value.contains { $0 == "T" || $0 == "t" } ? "isot" : "iso")
        let chosenScale = scale?.lowercased() ?? (["iso", "isot", "fits", "yday", "unix"].contains(kind) ? "utc" : "tai")
        // Seconds since 1970-01-01 in the literal's own scale, split into whole seconds and a fraction so that
        // calendar times keep every nanosecond.
        var whole: Double
        var fraction: Double = 0
        switch kind {
        case "mjd", "unix", "jd":
            guard isNumber, let number = Double(value), number.isFinite else {
                throw Failure(message: "'\(value)' is not a number for time format \(kind)")
            }
            let days: Double
            switch kind {
            case "mjd": days = number - 40587
            case "jd": days = number - 2_440_587.5
            default: days = number / 86400
            }
            let wholeDays = days.rounded(.down)
            whole = wholeDays * 86400
            fraction = (days - wholeDays) * 86400
        case "iso", "isot", "fits":
            guard let seconds = calendarSeconds(value) else { throw Failure(message: "'\(value)' is not a valid date and time") }
            (whole, fraction) = seconds
        default: throw Failure(message: "time format '\(kind)' is not supported; use iso, isot, mjd, jd or unix")
        }
        switch chosenScale {
        case "tai": break
        case "utc": whole += Double(taiMinusUTC(atUTCSeconds: whole))
        case "tt": fraction -= 32.184
        default: throw Failure(message: "time scale '\(chosenScale)' is not supported; use tai, utc or tt")
        }
        let seconds = whole + fraction
        guard seconds.isFinite else { throw Failure(message: "'\(text)' is not a finite time") }
        let limit = Double(maximum / 1_000_000_000)
        if seconds < 0 || seconds > limit {
            clamped = true
            return seconds < 0 ? minimum : maximum
        }
        // Both parts are in range now, so the conversions cannot overflow.
        return Int64(whole) * 1_000_000_000 + Int64((fraction * 1e9).rounded())
    }

    /// `-?(\d+\.\d*|\.\d+)`: daf_butler's number form, which needs the decimal point.
    private static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let pieces = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        return !pieces[0].isEmpty || !pieces[1].isEmpty
    }

    /// `\d+-\d+-\d+([ T]\d+:\d+(:\d+(\.\d*)?)?)?`, daf_butler's ISO form.
    private static func isCalendar(_ text: String) -> Bool { calendarFields(text) != nil }

    private static func looksLikeValue(_ text: String) -> Bool { isDecimal(text) || isCalendar(text) }

    /// Year, month, day, hours, minutes, whole seconds and the fraction's digits of an ISO text, unchecked.
    private static func calendarFields(_ text: String) -> (date: [Substring], clock: [Substring])? {
        let pieces = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "T" || $0 == "t" || $0 == " " })
        guard (1...2).contains(pieces.count) else { return nil }
        let date = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, date.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        guard pieces.count == 2 else { return (date, []) }
        let clock = pieces[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count) else { return nil }
        for (index, field) in clock.enumerated() {
            let number = index == 2 ? field.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false) : [field]
            guard !number[0].isEmpty, number.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        }
        return (date, clock)
    }

    /// Whole seconds since 1970-01-01 and the fraction of a second of an ISO text in its own scale, or nil when a
    /// field is out of range (month 13, 30 February, hour 24).
    static func calendarSeconds(_ text: String) -> (whole: Double, fraction: Double)? {
        guard let (date, clock) = calendarFields(text), date[0].count <= 4, date[1].count <= 2, date[2].count <= 2,
            let year = Int64(date[0]), let month = Int64(date[1]), let day = Int64(date[2]),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var seconds: Int64 = 0
        var fraction: Double = 0
        if !clock.isEmpty {
            guard clock.allSatisfy({ $0.count <= 20 }), let hours = Int64(clock[0]), let minutes = Int64(clock[1]),
                (0...23).contains(hours), (0...59).contains(minutes)
            else { return nil }
            var wholeSeconds: Int64 = 0
            if clock.count == 3 {
                let split = clock[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard split[0].count <= 2, let value = Int64(split[0]), (0...60).contains(value) else { return nil }
                wholeSeconds = value
                if split.count == 2, !split[1].isEmpty { fraction = Double("0." + split[1]) ?? 0 }
            }
            seconds = hours * 3600 + minutes * 60 + wholeSeconds
        }
        return (Double(daysFromCivil(year: year, month: month, day: day) * 86400 + seconds), fraction)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm); years 0-9999 only.
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
        let seconds = Date().timeIntervalSince1970
        return Int64((seconds + Double(taiMinusUTC(atUTCSeconds: seconds))) * 1e9)
    }
}

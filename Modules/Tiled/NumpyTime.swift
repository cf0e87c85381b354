import SciCore

/// numpy's datetime64 values as text: counts of a unit (`[ns]`, `[D]`, `[10s]`) since 1970-01-01T00:00, written as
/// `numpy.datetime_as_string` writes them, with as many fraction digits as the unit has and `NaT` for not-a-time.
enum NumpyTime {
    /// A datetime64 unit: a base unit and a multiple of it.
    struct Unit: Equatable {
        /// The base unit: `Y`, `M`, `W`, `D`, `h`, `m`, `s`, `ms`, `us`, `ns`, `ps`, `fs` or `as`.
        let base: String
        /// How many base units one count is.
        let multiple: Int64

        /// A unit from numpy's spelling with brackets (`[ns]`, `[10s]`); a missing unit is numpy's generic one,
        /// which holds only NaT and is read as seconds.
        init(_ text: String?) throws {
            var inner = Substring(text ?? "[s]")
            guard inner.hasPrefix("["), inner.hasSuffix("]") else { throw Self.bad(text) }
            inner = inner.dropFirst().dropLast()
            let digits = inner.prefix(while: \.isNumber)
            base = String(inner.dropFirst(digits.count))
            guard let multiple = digits.isEmpty ? 1 : Int64(digits), multiple > 0,
                  Self.fractionDigits[base] != nil || ["Y", "M", "W", "D", "h", "m"].contains(base)
            else { throw Self.bad(text) }
            self.multiple = multiple
        }

        /// Digits after the seconds' point for sub-second units.
        static let fractionDigits: [String: Int] = ["s": 0, "ms": 3, "us": 6, "ns": 9, "ps": 12, "fs": 15, "as": 18]

        private static func bad(_ text: String?) -> SciError {
            SciError("'\(text ?? "")' is not a datetime64 unit", hint: "the server's dt_units should look like [ns] or [D]")
        }
    }

    /// `value` counts of `unit` as ISO 8601 (`2024-01-01T00:00:00.000000001` for `[ns]`, `2024-03` for `[M]`).
    static func iso8601(_ value: Int64, unit: Unit) throws -> String {
        if value == .min { return "NaT" }
        let (count, overflow) = value.multipliedReportingOverflow(by: unit.multiple)
        guard !overflow else { throw SciError("the datetime64 value \(value) × \(unit.multiple) \(unit.base) is out of range") }
        switch unit.base {
        case "Y":
            let (year, yearOverflow) = count.addingReportingOverflow(1970)
            guard !yearOverflow else { throw SciError("the datetime64 value \(value) years is out of range") }
            return pad(year, 4)
        case "M":
            let years = floorDivide(count, 12)
            return "\(pad(1970 + years, 4))-\(pad(count - years * 12 + 1, 2))"
        case "W", "D":
            let (days, weekOverflow) = count.multipliedReportingOverflow(by: unit.base == "W" ? 7 : 1)
            guard !weekOverflow else { throw SciError("the datetime64 value \(value) weeks is out of range") }
            return try date(days)
        case "h":
            let days = floorDivide(count, 24)
            return "\(try date(days))T\(pad(count - days * 24, 2))"
        case "m":
            let days = floorDivide(count, 1440)
            let minutes = count - days * 1440
            return "\(try date(days))T\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"
        default:
            let digits = Unit.fractionDigits[unit.base] ?? 0
            var perSecond: Int64 = 1
            for _ in 0..<digits { perSecond *= 10 }
            let seconds = floorDivide(count, perSecond)
            let fraction = count - seconds * perSecond
            let days = floorDivide(seconds, 86_400)
            let time = seconds - days * 86_400
            let text = "\(try date(days))T\(pad(time / 3600, 2)):\(pad(time / 60 % 60, 2)):\(pad(time % 60, 2))"
            return digits == 0 ? text : text + "." + pad(fraction, digits)
        }
    }

    /// The day's date; days so far from 1970 that the calendar arithmetic would overflow are an error.
    private static func date(_ days: Int64) throws -> String {
        guard days.magnitude < 1 << 60 else { throw SciError("a datetime64 value \(days) days from 1970 is out of range") }
        return ArrowColumn.date(days: days)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

import Foundation
import SciCore

/// One column of an Arrow record batch, its buffers checked against the row count before a value is read: integers
/// and floats become numbers, booleans booleans, strings strings, dates `YYYY-MM-DD` and timestamps ISO 8601 (in the
/// column's time zone with its offset when it has one, as pandas' `isoformat` writes them: Arrow keeps the values in
/// UTC); a row cleared in the validity bitmap is null.
struct ArrowColumn {
    let kind: ArrowReader.Kind
    let rows: Int
    let nulls: Int
    /// The column's buffers in the batch's order: validity, then values (strings: offsets, then bytes).
    let buffers: [UnsafeRawBufferPointer]

    func values() throws -> [JSONValue] {
        guard rows >= 0, nulls >= 0, nulls <= rows else { throw malformed("a negative row or null count") }
        if case .null = kind { return Array(repeating: .null, count: rows) }
        let validity = buffers[0]
        if nulls > 0 { try need(validity, bytes: (rows + 7) / 8) }
        let data = buffers[1]
        var values: [JSONValue] = []
        // Called only once the buffers are known to hold `rows` values, so a damaged count cannot ask for all memory.
        func each(_ value: (Int) throws -> JSONValue) rethrows {
            values.reserveCapacity(rows)
            for row in 0..<rows {
                values.append(nulls == 0 || validity[row >> 3] & (1 << (row & 7)) != 0 ? try value(row) : .null)
            }
        }
        switch kind {
        case .null:
            break
        case .int(let width, let signed):
            try need(data, bytes: rows * width)
            switch (width, signed) {
            case (1, true): each { .int(Int64(load(Int8.self, data, $0))) }
            case (2, true): each { .int(Int64(load(Int16.self, data, $0))) }
            case (4, true): each { .int(Int64(load(Int32.self, data, $0))) }
            case (8, true): each { .int(load(Int64.self, data, $0)) }
            case (1, false): each { .int(Int64(load(UInt8.self, data, $0))) }
            case (2, false): each { .int(Int64(load(UInt16.self, data, $0))) }
            case (4, false): each { .int(Int64(load(UInt32.self, data, $0))) }
            default: each { JSONValue.integer(load(UInt64.self, data, $0)) }
            }
        case .float(let width):
            try need(data, bytes: rows * width)
            if width == 4 {
                each { .double(Double(Float(bitPattern: load(UInt32.self, data, $0)))) }
            } else {
                each { .double(Double(bitPattern: load(UInt64.self, data, $0))) }
            }
        case .bool:
            try need(data, bytes: (rows + 7) / 8)
            each { .bool(data[$0 >> 3] & (1 << ($0 & 7)) != 0) }
        case .utf8(let offsetBytes):
            try need(data, bytes: (rows + 1) * offsetBytes)
            let text = buffers[2]
            func offset(_ index: Int) -> Int {
                offsetBytes == 4 ? Int(load(Int32.self, data, index)) : Int(load(Int64.self, data, index))
            }
            try each { row in
                let start = offset(row), end = offset(row + 1)
                guard start >= 0, start <= end, end <= text.count else { throw malformed("a string outside its buffer") }
                return .string(String(decoding: UnsafeRawBufferPointer(rebasing: text[start..<end]), as: UTF8.self))
            }
        case .date(let millisecondsPerUnit):
            if millisecondsPerUnit == 1 {
                try need(data, bytes: rows * 8)
                each { .string(Self.date(days: Self.floorDivide(load(Int64.self, data, $0), 86_400_000))) }
            } else {
                try need(data, bytes: rows * 4)
                each { .string(Self.date(days: Int64(load(Int32.self, data, $0)))) }
            }
        case .timestamp(let unitsPerSecond, let zone):
            try need(data, bytes: rows * 8)
            let timeZone = zone.map(Self.timeZone)
            each { .string(Self.timestamp(load(Int64.self, data, $0), unitsPerSecond: unitsPerSecond, zone: timeZone)) }
        }
        return values
    }

    private func need(_ buffer: UnsafeRawBufferPointer, bytes: Int) throws {
        guard buffer.count >= bytes else { throw malformed("a buffer shorter than its \(rows) rows") }
    }

    private func malformed(_ reason: String) -> FlatTable.Malformed {
        FlatTable.Malformed(description: reason)
    }

    private func load<T: FixedWidthInteger>(_ type: T.Type, _ buffer: UnsafeRawBufferPointer, _ index: Int) -> T {
        T(littleEndian: buffer.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
    }

    /// `value / divisor` rounded down, so instants before 1970 fall on the right day and second.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01 (the proleptic Gregorian calendar, as Arrow and numpy use).
    static func date(days: Int64) -> String {
        // Howard Hinnant's civil_from_days: eras of 400 years, each exactly 146,097 days, starting on March 1st.
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The zone of a column's `timezone` field: an IANA name (`Europe/Paris`), a fixed offset (`+01:00`), or UTC; a
    /// name this system does not know is taken as UTC.
    static func timeZone(_ name: String) -> TimeZone {
        if let zone = TimeZone(identifier: name) { return zone }
        let sign = name.hasPrefix("-") ? -1 : 1
        let digits = name.dropFirst().split(separator: ":").compactMap { Int($0) }
        if name.first == "+" || name.first == "-", (1...2).contains(digits.count),
           let zone = TimeZone(secondsFromGMT: sign * (digits[0] * 3600 + (digits.count > 1 ? digits[1] * 60 : 0))) {
            return zone
        }
        return TimeZone(secondsFromGMT: 0)!
    }

    /// ISO 8601 of an instant counted in `1 / unitsPerSecond` s from the epoch, with the fraction only when non-zero;
    /// in `zone` with its offset (`2024-02-29T13:00:00+01:00`, as pandas' `isoformat` writes it) when given.
    static func timestamp(_ value: Int64, unitsPerSecond: Int64, zone: TimeZone? = nil) -> String {
        var seconds = floorDivide(value, unitsPerSecond)
        let fraction = value - seconds * unitsPerSecond
        var suffix = ""
        if let zone {
            let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
            seconds = seconds.addingReportingOverflow(offset).overflow ? seconds : seconds + offset
            suffix = (offset < 0 ? "-" : "+") + pad(offset.magnitude / 3600, 2) + ":" + pad(offset.magnitude / 60 % 60, 2)
            if offset.magnitude % 60 != 0 { suffix += ":" + pad(offset.magnitude % 60, 2) }
        }
        let days = floorDivide(seconds, 86_400)
        let time = seconds - days * 86_400
        var text = "\(date(days: days))T\(pad(time / 3600, 2)):\(pad(time / 60 % 60, 2)):\(pad(time % 60, 2))"
        // Seconds, milliseconds and microseconds as Python's isoformat (six digits), nanoseconds with all nine.
        if fraction != 0 {
            let digits = String(unitsPerSecond).count - 1
            text += "." + (digits == 9 ? pad(fraction, 9) : pad(fraction * pow10(6 - digits), 6))
        }
        return text + suffix
    }

    private static func pow10(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { product, _ in product * 10 }
    }

    private static func pad(_ value: UInt64, _ width: Int) -> String { pad(Int64(value), width) }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

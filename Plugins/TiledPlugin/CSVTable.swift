import Foundation
import SciCore
import Tiled

/// A CSV file (RFC 4180: a header row, quoted fields with doubled quotes) read as a table: a column whose cells are
/// all whole numbers becomes integers (exact to 64 bits, signed or not), all numbers reals, all true/false booleans,
/// otherwise text; empty cells are null.
enum CSVTable {
    static func read(_ text: String, from path: String) throws -> Table {
        var records = try parse(text, path: path)
        guard !records.isEmpty else { throw SciError("\(path) is empty; a CSV table needs a header row") }
        let header = records.removeFirst()
        guard Set(header).count == header.count, !header.contains("") else {
            throw SciError("\(path): the header row must name every column once")
        }
        for (index, record) in records.enumerated() where record.count != header.count {
            throw SciError("\(path): row \(index + 2) has \(record.count) fields, the header \(header.count)")
        }
        var values: [String: [JSONValue]] = [:]
        for (column, name) in header.enumerated() {
            let cells = records.map { $0[column] }
            let present = cells.filter { !$0.isEmpty }
            let convert: (String) -> JSONValue
            if !present.isEmpty, present.allSatisfy({ Int64($0) != nil || UInt64($0) != nil }) {
                // Whole numbers stay exact: int64, or uint64 beyond Int64.max when none is negative.
                convert = { Int64($0).map(JSONValue.int) ?? UInt64($0).map(JSONValue.integer) ?? .string($0) }
            } else if !present.isEmpty, present.allSatisfy({ Double($0) != nil }) {
                convert = { Double($0).map(JSONValue.double) ?? .string($0) }
            } else if !present.isEmpty, present.allSatisfy({ ["true", "false"].contains($0.lowercased()) }) {
                convert = { .bool($0.lowercased() == "true") }
            } else {
                convert = { .string($0) }
            }
            values[name] = cells.map { $0.isEmpty ? .null : convert($0) }
        }
        return Table(columns: header, values: values)
    }

    private static func parse(_ text: String, path: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n", "\r":
                record.append(field)
                field = ""
                records.append(record)
                record = []
            default: field.append(character)
            }
        }
        if quoted { throw SciError("\(path): a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}

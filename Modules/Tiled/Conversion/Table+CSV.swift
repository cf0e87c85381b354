import Foundation
import SciCore

extension Table {
    /// A CSV file's text (RFC 4180: a header row, quoted fields with doubled quotes) read as a table: a column whose
    /// cells are all whole numbers becomes integers (exact to 64 bits, signed or not), all numbers reals, all
    /// true/false booleans, otherwise text; empty cells are null. `path` names the file in errors.
    public init(csv text: String, from path: String) throws {
        var records: [[String]]
        do {
            records = try CSVReader().records(in: text)
        } catch let error as SciError {
            throw SciError("\(path): \(error.message)", hint: error.hint)
        }
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
        self.init(columns: header, values: values)
    }
}

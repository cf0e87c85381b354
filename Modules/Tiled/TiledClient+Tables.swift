import Foundation
public import SciCore

extension TiledClient {
    /// A table's rows as CSV with a header line; only `columns` when given, only one partition when given.
    public func readTableCSV(_ path: String, columns: [String] = [], partition: Int? = nil) async throws -> String {
        String(decoding: try await tableBody(path, columns: columns, partition: partition, accept: "text/csv"), as: UTF8.self)
    }

    /// A table's columns by name, each a list of values.
    public func readTable(_ path: String, columns: [String] = [], partition: Int? = nil) async throws -> Table {
        let body = try await tableBody(path, columns: columns, partition: partition, accept: "application/json")
        guard case .object(let byName) = try JSONValue(parsing: body) else {
            throw SciError("the table at \(path) did not come back as columns", hint: "is this a Tiled server?")
        }
        var values: [String: [JSONValue]] = [:]
        for (name, column) in byName {
            guard case .array(let items) = column else { continue }
            values[name] = items
        }
        // The server's JSON object loses column order; the structure keeps it.
        let order = columns.isEmpty ? try await node(path).tableStructure?.columns ?? byName.keys.sorted() : columns
        return Table(columns: order.filter { values[$0] != nil }, values: values)
    }

    private func tableBody(_ path: String, columns: [String], partition: Int?, accept: String) async throws -> Data {
        var items = columns.map { URLQueryItem(name: "column", value: $0) }
        if let partition { items.insert(URLQueryItem(name: "partition", value: String(partition)), at: 0) }
        return try await data(partition == nil ? "table/full" : "table/partition", path, items: items, accept: accept)
    }
}

/// Columns of values read from a table.
public struct Table: Sendable, Hashable {
    /// Column names, in the table's order.
    public var columns: [String]
    /// Each column's values.
    public var values: [String: [JSONValue]]

    /// A table of `columns`, each with as many values as the others.
    public init(columns: [String], values: [String: [JSONValue]]) {
        self.columns = columns
        self.values = values
    }

    /// The number of rows.
    public var rowCount: Int { columns.first.flatMap { values[$0]?.count } ?? 0 }

    /// Row `index` as a record.
    public func row(_ index: Int) -> [String: JSONValue] {
        var row: [String: JSONValue] = [:]
        for column in columns { row[column] = values[column]?[index] ?? .null }
        return row
    }
}

import Foundation
public import SciCore
import SciHTTP

extension TiledClient {
    /// A table's rows as CSV with a header line; only `columns` when given, only one partition when given.
    public func readTableCSV(_ path: String, columns: [String] = [], partition: Int? = nil) async throws -> String {
        String(decoding: try await tableBody(path, columns: columns, partition: partition, accept: "text/csv"), as: UTF8.self)
    }

    /// A table's columns by name, each a list of values, in the table's column order.
    ///
    /// Read as Apache Arrow, typed and with nulls, as the Python client does; a table whose types the Arrow reader
    /// does not know (lists, dictionary-encoded columns, ...) or a server that offers no Arrow is read as JSON instead.
    public func readTable(_ path: String, columns: [String] = [], partition: Int? = nil) async throws -> Table {
        do {
            let body = try await tableBody(path, columns: columns, partition: partition, accept: "application/vnd.apache.arrow.file")
            do {
                return try ArrowReader.table(from: body)
            } catch let error as FlatTable.Malformed {
                throw SciError("the table at \(path) came back as Arrow data that cannot be read: \(error)",
                               hint: "is this a Tiled server? `sci tiled get \(path) --format csv` asks for CSV instead")
            }
        } catch is ArrowReader.Unsupported {
            // A column type the reader does not know: the JSON rendering below has every type.
        } catch HTTPError.status(code: 406, _, _) {
            // A server that offers no Arrow.
        }
        return try await readTableJSON(path, columns: columns, partition: partition)
    }

    /// The table through the server's JSON rendering: columns by name, their order taken from the structure.
    private func readTableJSON(_ path: String, columns: [String], partition: Int?) async throws -> Table {
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

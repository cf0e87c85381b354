public import SciCore

/// One row of a VOTable table: typed cells, looked up by column name or position.
public struct VOTableRow: Sendable, Hashable {
    /// The cells in column order; a missing or empty TD is `.null`.
    public var cells: [JSONValue]
    /// Column positions by name, shared by every row of a table (copy-on-write, so not copied per row).
    let columnIndex: [String: Int]

    /// Makes a row by hand from column names and cells.
    public init(columns: [String], cells: [JSONValue]) {
        self.cells = cells
        self.columnIndex = VOTableRow.index(columns)
    }

    init(cells: [JSONValue], columnIndex: [String: Int]) {
        self.cells = cells
        self.columnIndex = columnIndex
    }

    /// The cell in the named column, or nil when the table has no such column.
    public subscript(_ column: String) -> JSONValue? {
        guard let position = columnIndex[column], cells.indices.contains(position) else { return nil }
        return cells[position]
    }

    /// The cell at a column position; traps when out of range, like an array.
    public subscript(_ position: Int) -> JSONValue {
        cells[position]
    }

    /// The row as column name → value, the shape `RecordWriter` prints.
    public var record: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (name, position) in columnIndex where cells.indices.contains(position) {
            result[name] = cells[position]
        }
        return result
    }

    /// Positions by column name; when two columns share a name the first one is found.
    static func index(_ columns: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil {
            index[name] = position
        }
        return index
    }
}

/// One row of a result: its values in column order, readable by column name too.
public struct PostgresRow: Sendable, Equatable {
    /// The column names, as the statement named them.
    public let columns: [String]
    /// The values, one for each column.
    public let values: [PostgresValue]

    /// Makes a row.
    public init(columns: [String], values: [PostgresValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the first column with this name, or nil when there is no such column.
    public subscript(_ column: String) -> PostgresValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }
}

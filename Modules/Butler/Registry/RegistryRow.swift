import GRDB

/// One result row of a registry query on either engine: the values in column order, readable by name or position,
/// as SQLite's values (PostgreSQL's are converted: booleans to 0 or 1, `bytea` to blobs).
struct RegistryRow {
    /// The column names, in order.
    let columns: [String]
    /// The values, one for each column.
    let values: [DatabaseValue]

    /// The value of the first column called `name` (NULL when there is none).
    subscript(_ name: String) -> DatabaseValue {
        columns.firstIndex(of: name).map { values[$0] } ?? .null
    }

    /// The value at `index`.
    subscript(_ index: Int) -> DatabaseValue { values[index] }

    /// The value of `name` as `T`, nil when NULL or of another kind.
    subscript<T: DatabaseValueConvertible>(_ name: String) -> T? { T.fromDatabaseValue(self[name]) }

    /// The value at `index` as `T`, nil when NULL or of another kind.
    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T? { T.fromDatabaseValue(values[index]) }
}

/// One row of a result, from either engine: values in column order, readable by position or by column name.
struct SQLRow: Sendable {
    /// The column names, shared by the rows of one statement.
    let columnNames: [String]
    /// The values, one per column.
    let values: [SQLValue]

    /// The value at `index`, as `T`. A column of another kind is the registry's own bug (its schema and statements
    /// disagree), never the input's: it stops with the column's name, as GRDB does.
    subscript<T: SQLReadable>(_ index: Int) -> T {
        guard values.indices.contains(index) else { fatalError("the registry read column \(index) of a row of \(values.count)") }
        guard let value = T(sqlValue: values[index]) else {
            fatalError("the registry's column \(columnNames[index]) holds \(values[index]), not \(T.self)")
        }
        return value
    }

    /// The value of the first column named `name`, as `T`.
    subscript<T: SQLReadable>(_ name: String) -> T {
        guard let index = columnNames.firstIndex(of: name) else { fatalError("the registry read a column \(name) its statement lacks") }
        return self[index]
    }
}

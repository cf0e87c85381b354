
/// The position of each named column in the rows of one statement, looked up once per query rather than per row:
/// the first column of each name, as GRDB's lookup by name takes. A statement that lacks one is the server's own
/// error (a 500 naming the column).
struct ColumnPositions {
    private let names: [String]
    private let kind: String

    /// The columns of `row`'s statement, for rows of `kind` ("file", "product") named in errors.
    init(_ row: SQLRow, kind: String) {
        names = Array(row.columnNames)
        self.kind = kind
    }

    /// The position of `column`.
    func callAsFunction(_ column: String) throws -> Int {
        guard let index = names.firstIndex(of: column) else { throw HippoError(500, "a \(kind) query lacks the \(column) column") }
        return index
    }
}

/// Which SQL the registry's database speaks, for the few statements that differ (text search, insertion order).
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One connection to the registry's database while a request uses it: statements with `?` arguments, written once
/// for both engines (booleans as 0/1 integers, `ON CONFLICT` upserts, `RETURNING`, JSON id lists).
protocol RegistrySession {
    /// The engine's dialect.
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows.
    func execute(sql: String, arguments: [any SQLBindable]) throws
    /// Runs a statement and returns its rows.
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func inTransaction(_ body: () throws -> Void) throws
}

extension RegistrySession {
    /// Runs a statement without arguments that returns no rows.
    func execute(sql: String) throws { try execute(sql: sql, arguments: []) }

    /// The first row, if any.
    func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? { try rows(sql, arguments).first }

    /// The first column of every row, as text.
    func strings(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> [String] { try rows(sql, arguments).map { $0[0] } }

    /// The first column of the first row as a boolean (`SELECT EXISTS …`); false when there is no row.
    func bool(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Bool {
        try rows(sql, arguments).first.map { $0[0] } ?? false
    }

    /// The first column of the first row as an integer (`SELECT COUNT(*) …`).
    func int(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int? { try rows(sql, arguments).first.map { $0[0] } }

    /// `table.rowid` in SQLite, `table.position` in PostgreSQL: the order rows were inserted in.
    func insertionOrder(_ table: String) -> String { dialect == .sqlite ? "\(table).rowid" : "\(table).position" }
}

extension RegistrySession {
    /// `rows` with GRDB's labels, as most statements are written.
    func rows(sql: String, arguments: [any SQLBindable] = []) throws -> [SQLRow] { try rows(sql, arguments) }
    /// `row` with labels.
    func row(sql: String, arguments: [any SQLBindable] = []) throws -> SQLRow? { try row(sql, arguments) }
    /// `strings` with labels.
    func strings(sql: String, arguments: [any SQLBindable] = []) throws -> [String] { try strings(sql, arguments) }
    /// `bool` with labels.
    func bool(sql: String, arguments: [any SQLBindable] = []) throws -> Bool { try bool(sql, arguments) }
}

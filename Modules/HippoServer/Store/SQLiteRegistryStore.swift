import GRDB
import Foundation

/// The registry in one SQLite file (`ROOT/registry.sqlite`, WAL), through GRDB's pool: many readers, one writer.
/// Requests use GRDB's async API only: a blocking read on Swift's few cooperative threads can starve the pool.
struct SQLiteRegistryStore: RegistryStore {
    /// The GRDB pool, for tests that trace statements.
    let pool: DatabasePool

    /// Opens (creating and migrating) the database at `path`.
    init(path: String) throws { pool = try RegistryDatabase.open(path: path) }

    func read<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await pool.read { try body(SQLiteSession(database: $0)) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await pool.write { try body(SQLiteSession(database: $0)) }
    }

    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { try body(SQLiteSession(database: $0)) }
    }

    func readNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T { try pool.read { try body(SQLiteSession(database: $0)) } }

    func writeNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T { try pool.write { try body(SQLiteSession(database: $0)) } }

    func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
    }
}

/// A GRDB connection as a registry session.
struct SQLiteSession: RegistrySession {
    let database: Database

    var dialect: SQLDialect { .sqlite }

    func execute(sql: String, arguments: [any SQLBindable]) throws {
        try database.execute(sql: sql, arguments: SQLiteSession.arguments(arguments))
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let cursor = try Row.fetchCursor(database, sql: sql, arguments: SQLiteSession.arguments(arguments))
        var rows: [SQLRow] = []
        var names: [String]?
        while let row = try cursor.next() {
            if names == nil { names = Array(row.columnNames) }
            rows.append(SQLRow(columnNames: names!, values: row.databaseValues.map(SQLiteSession.value)))
        }
        return rows
    }

    func inTransaction(_ body: () throws -> Void) throws {
        try database.inTransaction {
            try body()
            return .commit
        }
    }

    private static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
        StatementArguments(
            values.map { value -> DatabaseValue in
                switch value.sqlValue {
                case .null: .null
                case .integer(let int): int.databaseValue
                case .double(let double): double.databaseValue
                case .text(let text): text.databaseValue
                case .bytes(let bytes): Data(bytes).databaseValue
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .integer(int)
        case .double(let double): .double(double)
        case .string(let text): .text(text)
        case .blob(let data): .bytes([UInt8](data))
        }
    }
}

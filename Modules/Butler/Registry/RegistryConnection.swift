import Foundation
import GRDB
import SciPostgres

/// The registry's database for the length of one read or one write transaction, on either engine: SQLite through
/// GRDB, or PostgreSQL through libpq. Statements are written once with `?` placeholders; `dialect` says where the
/// SQL itself must differ. Values go in and come out as SQLite's (`DatabaseValue`), whichever engine runs them.
struct RegistryConnection {
    /// The connection underneath.
    enum Engine {
        case sqlite(Database)
        case postgresql(PostgresConnection)
    }

    let engine: Engine

    /// Which SQL to write.
    var dialect: SQLDialect {
        if case .sqlite = engine { return .sqlite }
        return .postgresql
    }

    /// The SQLite connection, for the few loops that bind and step SQLite's statements themselves (ingest, listing);
    /// nil on PostgreSQL.
    var sqlite: Database? {
        if case .sqlite(let db) = engine { return db }
        return nil
    }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws {
        switch engine {
        case .sqlite(let db): try db.execute(sql: sql, arguments: StatementArguments(arguments))
        case .postgresql(let connection): try connection.execute(dialect.placeholders(sql), Self.postgres(arguments))
        }
    }

    /// Runs a statement that returns no rows, with arguments converted already. `cached` keeps SQLite's compiled
    /// statement for the next call with the same SQL (a loop over a million records compiles it once).
    func execute(_ sql: String, values arguments: [DatabaseValue], cached: Bool = false) throws {
        switch engine {
        case .sqlite(let db) where cached: try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(converted: arguments))
        case .sqlite(let db): try db.execute(sql: sql, arguments: StatementArguments(converted: arguments))
        case .postgresql(let connection): try connection.execute(dialect.placeholders(sql), arguments.map(Self.postgres))
        }
    }

    /// Runs a `DELETE` or `UPDATE` and returns how many rows it changed.
    func executeCounting(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> Int {
        switch engine {
        case .sqlite(let db):
            try db.execute(sql: sql, arguments: StatementArguments(arguments))
            return db.changesCount
        case .postgresql(let connection):
            return try connection.execute(dialect.placeholders(sql) + " RETURNING 1", Self.postgres(arguments)).count
        }
    }

    /// Runs an `INSERT` into a table whose key the database numbers, and returns the new row's `key`.
    func insert(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?], returning key: String) throws -> Int64 {
        switch engine {
        case .sqlite(let db):
            try db.execute(sql: sql, arguments: StatementArguments(arguments))
            return db.lastInsertedRowID
        case .postgresql(let connection):
            let rows = try connection.execute(dialect.placeholders(sql) + " RETURNING \(key)", Self.postgres(arguments))
            guard let id = rows.first?.values.first?.integer else {
                throw PostgresError(sqlState: nil, message: "the insert returned no \(key)")
            }
            return id
        }
    }

    /// The rows of a query.
    func rows(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [RegistryRow] {
        try rows(sql, values: arguments.map { $0?.databaseValue ?? .null })
    }

    /// The rows of a query whose arguments are converted already; `cached` as for `execute`.
    func rows(_ sql: String, values arguments: [DatabaseValue], cached: Bool = false) throws -> [RegistryRow] {
        switch engine {
        case .sqlite(let db):
            let statement = try cached ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)
            let columns = statement.columnNames
            return try Row.fetchAll(statement, arguments: StatementArguments(converted: arguments))
                .map { row in RegistryRow(columns: columns, values: (0..<columns.count).map { row[$0] as DatabaseValue }) }
        case .postgresql(let connection):
            return try connection.execute(dialect.placeholders(sql), arguments.map(Self.postgres)).map { row in
                RegistryRow(columns: row.columns, values: row.values.map(Self.database))
            }
        }
    }

    /// Calls `body` with each row of a query. PostgreSQL's rows come through a cursor, a batch at a time, so a
    /// listing of a million datasets never holds them all in memory at once.
    func streamRows(_ sql: String, values arguments: [DatabaseValue], _ body: (RegistryRow) throws -> Void) throws {
        guard case .postgresql(let connection) = engine else {
            for row in try rows(sql, values: arguments) { try body(row) }
            return
        }
        func fetch() throws {
            try connection.execute("DECLARE registry_rows NO SCROLL CURSOR FOR " + dialect.placeholders(sql), arguments.map(Self.postgres))
            while true {
                let batch = try connection.execute("FETCH 10000 FROM registry_rows")
                for row in batch { try body(RegistryRow(columns: row.columns, values: row.values.map(Self.database))) }
                if batch.count < 10000 { break }
            }
            try connection.execute("CLOSE registry_rows")
        }
        // A cursor lives in a transaction: the caller's when there is one, else one of its own (read only).
        if connection.isInTransaction { try fetch() } else { try connection.transaction { try fetch() } }
    }

    /// The first row of a query, nil when there is none.
    func row(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> RegistryRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, as `T`; nil when there is no row or the value is NULL.
    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> T? {
        guard let row = try row(sql, arguments), !row.values.isEmpty else { return nil }
        return T.fromDatabaseValue(row.values[0])
    }

    /// The first column of every row, as `T` (NULLs left out).
    func values<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [T] {
        try rows(sql, arguments).compactMap { $0.values.first.flatMap(T.fromDatabaseValue) }
    }

    /// Whether `error` is a broken constraint (unique, foreign key, check, exclusion) on either engine.
    static func isConstraintViolation(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError { return error.resultCode == .SQLITE_CONSTRAINT }
        if let error = error as? PostgresError { return error.sqlState?.hasPrefix("23") == true }
        return false
    }

    // MARK: Values

    private static func postgres(_ arguments: [(any DatabaseValueConvertible)?]) -> [PostgresValue] {
        arguments.map { postgres($0?.databaseValue ?? .null) }
    }

    static func postgres(_ value: DatabaseValue) -> PostgresValue {
        switch value.storage {
        case .null: return .null
        case .int64(let value): return .integer(value)
        case .double(let value): return .double(value)
        case .string(let value): return .text(value)
        case .blob(let data): return .bytes([UInt8](data))
        }
    }

    static func database(_ value: PostgresValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .double(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        case .bool(let value): return (value ? 1 : 0 as Int64).databaseValue
        case .bytes(let value): return Data(value).databaseValue
        }
    }
}

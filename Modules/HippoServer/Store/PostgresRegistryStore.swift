import Foundation
import SciCore
import SciPostgres

/// The registry in a PostgreSQL database that several servers share. Each request borrows one connection from a
/// small pool (libpq allows one thread per connection) and runs on a thread of its own, since libpq blocks.
///
/// Consistency across servers comes from the database, not from a single writer: a version becomes current only
/// through `UPDATE … WHERE current = 1`, which a concurrent revision waits on and then finds false (409), and a unique
/// index allows one visible successor per version, so two servers can never make two current versions of a product.
final class PostgresRegistryStore: RegistryStore, @unchecked Sendable {
    private let url: String
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private let slots: DispatchSemaphore

    /// Connects to `url` (password from `PGPASSWORD` or `~/.pgpass`) and brings the schema up to date.
    init(url: String, connections: Int = 8) throws {
        // A password in the URL would show in process listings (`--database` is an argument): refused before use.
        guard !PostgresURL.holdsPassword(url) else {
            throw SciError(
                "--database \(PostgresURL.redacted(url)) holds a password", hint: "leave it out of the URL and put it in PGPASSWORD or ~/.pgpass (mode 0600)")
        }
        self.url = url
        slots = DispatchSemaphore(value: max(1, connections))
        do {
            try borrow { connection in try PostgresRegistryStore.migrate(connection) }
        } catch let error as PostgresError {
            throw SciError("cannot open the registry in PostgreSQL: \(error.description)", hint: error.hint)
        }
    }

    /// Runs `body` on a pooled connection, blocking the calling thread.
    private func borrow<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try lock.withLock { idle.popLast() } ?? PostgresConnection(url: url)
        defer {
            // A connection the server dropped is not handed out again.
            if connection.isConnected { lock.withLock { idle.append(connection) } }
        }
        return try body(connection)
    }

    private func run<T: Sendable>(transaction: Bool, _ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await PostgresRegistryStore.onThread { [self] in
            try borrow { connection in
                let session = PostgresSession(connection: connection)
                return try PostgresRegistryStore.conflicts {
                    transaction ? try connection.transaction { try body(session) } : try body(session)
                }
            }
        }
    }

    /// Runs blocking work on a thread of its own: libpq waits on the server (a lock, a slow query), and a few such
    /// waits must not occupy the handful of threads Swift's tasks and Dispatch share (Dispatch's pool on Linux does
    /// not grow when its threads block, so sixteen waiting requests would queue behind six).
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await run(transaction: false, body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await run(transaction: true, body)
    }

    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T {
        try await run(transaction: false, body)
    }

    func readNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T {
        try borrow { connection in try body(PostgresSession(connection: connection)) }
    }

    func writeNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T {
        try borrow { connection in try connection.transaction { try body(PostgresSession(connection: connection)) } }
    }

    func isUniqueViolation(_ error: any Error) -> Bool { (error as? PostgresError)?.sqlState == "23505" }

    /// A unique index refusing what a concurrent request did first is a conflict (409), not a server failure.
    private static func conflicts<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw HippoError(409, "another request changed this first (\(error.message)); read it again and retry")
        }
    }

    /// Applies the migrations not yet applied, under an advisory lock so servers starting together take turns.
    static func migrate(_ connection: PostgresConnection) throws {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(2424)")
            try connection.execute("CREATE TABLE IF NOT EXISTS hippo_migration (name TEXT PRIMARY KEY)")
            let applied = Set(try connection.execute("SELECT name FROM hippo_migration").compactMap { $0["name"]?.text })
            for migration in RegistrySchema.migrations(.postgres) where !applied.contains(migration.name) {
                for statement in migration.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try connection.execute(statement)
                }
                try migration.fill?(PostgresSession(connection: connection))
                try connection.execute("INSERT INTO hippo_migration (name) VALUES ($1)", [.text(migration.name)])
            }
        }
    }
}

/// A libpq connection as a registry session: `?` arguments become `$1`, `$2`, …, and a JSON list of ids is unpacked
/// by `json_array_elements_text` where SQLite's statement says `json_each`.
struct PostgresSession: RegistrySession {
    let connection: PostgresConnection

    var dialect: SQLDialect { .postgres }

    func execute(sql: String, arguments: [any SQLBindable]) throws {
        try connection.execute(PostgresSession.translate(sql), arguments.map(PostgresSession.value))
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let rows = try connection.execute(PostgresSession.translate(sql), arguments.map(PostgresSession.value))
        guard let names = rows.first?.columns else { return [] }
        return rows.map { row in
            SQLRow(
                columnNames: names,
                values: row.values.map { value in
                    switch value {
                    case .null: .null
                    case .integer(let int): .integer(int)
                    case .double(let double): .double(double)
                    case .text(let text): .text(text)
                    case .bool(let bool): .integer(bool ? 1 : 0)
                    case .bytes(let bytes): .bytes(bytes)
                    }
                })
        }
    }

    func inTransaction(_ body: () throws -> Void) throws { try connection.transaction { try body() } }

    /// The statement in PostgreSQL's words. The registry's statements hold no `?` inside quotes, and `json_each`
    /// only of one argument without parentheses (`?` or a column).
    static func translate(_ sql: String) -> String {
        var text = sql
        while let start = text.range(of: "json_each("), let end = text[start.upperBound...].firstIndex(of: ")") {
            text.replaceSubrange(start.lowerBound...end, with: "json_array_elements_text(CAST(\(text[start.upperBound..<end]) AS json))")
        }
        if !text.contains("?") { return text }
        var result = ""
        var number = 0
        for character in text {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        text = result
        return text
    }

    private static func value(_ value: any SQLBindable) -> PostgresValue {
        switch value.sqlValue {
        case .null: .null
        case .integer(let int): .integer(int)
        case .double(let double): .double(double)
        case .text(let text): .text(text)
        case .bytes(let bytes): .bytes(bytes)
        }
    }
}

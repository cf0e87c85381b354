import Foundation
import SciCore
import SciPostgres

/// The registry's one PostgreSQL connection, shared by the registry's callers one at a time (libpq allows one thread
/// on a connection), working in the registry's schema. A connection the server dropped (a restart) is replaced on the
/// next call, so a failed ingest can simply be run again.
final class PostgresSession: @unchecked Sendable {
    private let url: String
    private let namespace: String
    // Recursive: a read may happen inside a write's body on the same thread, and then runs in its transaction.
    private let lock = NSRecursiveLock()
    private var connection: PostgresConnection

    /// Connects; the errors say what to do about an unreachable server, a wrong password or a missing database.
    init(url: String, namespace: String) throws {
        self.url = url
        self.namespace = namespace
        connection = try Self.connect(url: url, namespace: namespace)
    }

    /// Runs `body` with the connection, reconnecting first when the server has gone away since the last call (libpq
    /// notices a restart only when it next talks to the server, so a call outside a transaction asks first: one
    /// round trip, against a whole ingest lost to a server restarted between two calls).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if !connection.isInTransaction, !connection.isConnected || (try? connection.execute("SELECT 1")) == nil {
            connection = try Self.connect(url: url, namespace: namespace)
        }
        return try body(connection)
    }

    private static func connect(url: String, namespace: String) throws -> PostgresConnection {
        let connection: PostgresConnection
        do { connection = try PostgresConnection(url: url) } catch let error as PostgresError
            where error.message.contains("does not exist") && error.message.contains("database")
        {
            throw PostgresError(
                sqlState: error.sqlState, message: error.message,
                hint: "create the database first (createdb, or CREATE DATABASE as a user allowed to), then run this again")
        }
        try connection.execute("SET search_path TO \(RegistrySchema.quote(namespace))")
        return connection
    }
}

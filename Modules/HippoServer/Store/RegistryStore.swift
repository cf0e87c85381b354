/// Where the registry's records live: a SQLite file (`SQLiteRegistryStore`, the embedded default) or a PostgreSQL
/// database that several servers share (`PostgresRegistryStore`). Requests read and write through sessions; a write
/// is one transaction.
protocol RegistryStore: Sendable {
    /// Runs `body` on a session for reading.
    func read<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T
    /// Runs `body` in one transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T
    /// Runs `body` on a session that may write, outside a transaction (it opens its own with `inTransaction`); in
    /// SQLite this is the single writer, so file work done inside is serialised with every write.
    func writeWithoutTransaction<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> T) async throws -> T
    /// `read`, blocking the calling thread (for commands, not requests).
    func readNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T
    /// `write`, blocking the calling thread (for commands, not requests).
    func writeNow<T>(_ body: (any RegistrySession) throws -> T) throws -> T
    /// Whether `error` is a unique constraint refusing a duplicate.
    func isUniqueViolation(_ error: any Error) -> Bool
}

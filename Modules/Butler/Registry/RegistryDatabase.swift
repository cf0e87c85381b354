import Foundation
import GRDB
import SciCore
import SciPostgres

/// The registry's database, SQLite or PostgreSQL, behind the two calls the registry makes: read, and write in one
/// transaction. The rest of the registry writes its SQL once, through `RegistryConnection` and its dialect.
final class RegistryDatabase: Sendable {
    private enum Store: Sendable {
        case sqlite(DatabasePool)
        case postgresql(PostgresSession)
    }

    private let store: Store

    /// Which SQL the registry writes for this database.
    var dialect: SQLDialect {
        if case .sqlite = store { return .sqlite }
        return .postgresql
    }

    /// The SQLite pool, for GRDB's migrator; nil on PostgreSQL.
    var sqlitePool: DatabasePool? {
        if case .sqlite(let pool) = store { return pool }
        return nil
    }

    /// Opens the SQLite file at `path` (WAL mode, so readers never wait for a writer and several processes can
    /// ingest into one repository).
    init(sqlitePath path: String) throws {
        var configuration = Configuration()
        // Concurrent ingests queue behind each other's write transactions instead of failing with SQLITE_BUSY.
        configuration.busyMode = .timeout(120)
        configuration.foreignKeysEnabled = true
        // The writer keeps a whole ingest's pages in memory (SQLite's default is 2 MB): with less, a transaction of
        // 10,000 datasets spills pages to the WAL and reads them back. Readers keep the default, so a listing of
        // 100,000 datasets stays small (a memory map made its resident size grow with the file).
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -65536") }
            // The exact test of spatial where-clauses (RegionIndex).
            db.add(function: RegionIndex.overlapsFunction)
            // Sky pixels related to regions, for spatial joins (SkyPixelJoin).
            db.add(function: SkyPixelJoin.pixelsFunction)
        }
        do { store = .sqlite(try DatabasePool(path: path, configuration: configuration)) } catch {
            throw ButlerError.repository("cannot open the registry \(path): \(error)")
        }
    }

    /// Connects to the PostgreSQL database at `url` and works in the schema `namespace`.
    init(postgresURL url: String, namespace: String) throws {
        store = .postgresql(try PostgresSession(url: url, namespace: namespace))
    }

    /// Runs `body` with a connection for reading.
    func read<T>(_ body: (RegistryConnection) throws -> T) throws -> T {
        switch store {
        case .sqlite(let pool): return try pool.read { db in try body(RegistryConnection(engine: .sqlite(db))) }
        case .postgresql(let session): return try session.withConnection { try body(RegistryConnection(engine: .postgresql($0))) }
        }
    }

    /// Runs `body` in one write transaction (immediate, on SQLite): nothing it does is kept unless all of it succeeds.
    func write<T>(_ body: (RegistryConnection) throws -> T) throws -> T {
        switch store {
        case .sqlite(let pool):
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(RegistryConnection(engine: .sqlite(db)))
                    return .commit
                }
                return result!
            }
        case .postgresql(let session):
            return try session.withConnection { connection in
                try connection.transaction { try body(RegistryConnection(engine: .postgresql(connection))) }
            }
        }
    }
}

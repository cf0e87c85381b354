import Foundation
import GRDB
import SciCore

/// The registry's SQLite database (`ROOT/registry.sqlite`, WAL): products, files, upload parts, collections, keys.
/// The schema is `RegistrySchema`'s migrations, brought up to date on open.
enum RegistryDatabase {
    /// Opens (creating if needed) the database at `path` and runs the migrations.
    static func open(path: String) throws -> DatabasePool {
        // It holds key hashes and every access list: readable by the registry's owner only, like the blobs. SQLite
        // gives its -wal and -shm files the database's mode; an older registry's 0644 files are tightened too.
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError.cannotWrite(path, errno: errno) }
        close(fd)
        for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o600) }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // A search of 1,000 hits reads thousands of scattered pages: mapped, they are read in place rather than
        // copied by one pread each (a sixth of such a search); the mapping is the page cache's, not the server's.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        // Pages in the write-ahead log are read by a system call each, not through the mapping: what a migration (or
        // a server stopped without closing) left there moves into the database file now, if no one is reading.
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        return pool
    }

    /// `RegistrySchema`'s migrations for SQLite, each run once in a transaction of its own.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in RegistrySchema.migrations(.sqlite) {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
                try migration.fill?(SQLiteSession(database: db))
            }
        }
        return migrator
    }

    /// The same words for PostgreSQL's `websearch_to_tsquery`, which never fails on input: any of them (`or`).
    static func webSearchQuery(_ text: String) -> String {
        text.split { !$0.isLetter && !$0.isNumber }.joined(separator: " or ")
    }

    /// An FTS5 query matching any of the words of `text` (OR), each quoted so user input is never query syntax.
    static func searchQuery(_ text: String) -> String? {
        let words = text.split { !$0.isLetter && !$0.isNumber }.map { "\"\($0)\"" }
        return words.isEmpty ? nil : words.joined(separator: " OR ")
    }
}

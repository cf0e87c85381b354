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
            for (name, sql) in migrations where !applied.contains(name) {
                for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try connection.execute(statement)
                }
                if name == "product-readers" { try ProductReaders.rebuild(PostgresSession(connection: connection)) }
                try connection.execute("INSERT INTO hippo_migration (name) VALUES ($1)", [.text(name)])
            }
        }
    }

    /// Every schema change, in order, as in `RegistryDatabase.migrator`; a released one is never edited.
    static let migrations: [(String, String)] = [
        (
            "v1",
            """
            CREATE TABLE product (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                metadata TEXT NOT NULL,
                uploaded TEXT NOT NULL,
                updated TEXT NOT NULL,
                version TEXT NOT NULL,
                current BIGINT NOT NULL,
                visible BIGINT NOT NULL,
                owner TEXT NOT NULL,
                replaces TEXT REFERENCES product(id) ON DELETE SET NULL,
                readers TEXT NOT NULL,
                writers TEXT NOT NULL,
                pinned BIGINT NOT NULL DEFAULT 0,
                created DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX product_by_name ON product(name);
            CREATE INDEX product_by_replaces ON product(replaces);
            CREATE INDEX product_pending ON product(visible, created);
            CREATE UNIQUE INDEX product_one_successor ON product(replaces) WHERE visible = 1;
            CREATE INDEX product_search ON product USING gin (to_tsvector('english', name));
            CREATE TABLE file (
                uuid TEXT PRIMARY KEY NOT NULL,
                id TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                uploader TEXT NOT NULL,
                size BIGINT NOT NULL,
                checksum TEXT NOT NULL,
                part_size BIGINT NOT NULL,
                available BIGINT NOT NULL,
                blob TEXT,
                upload_id TEXT
            );
            CREATE INDEX file_by_blob ON file(blob);
            CREATE TABLE source (
                product_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                slug TEXT NOT NULL,
                file_uuid TEXT NOT NULL REFERENCES file(uuid),
                PRIMARY KEY (product_id, slug)
            );
            CREATE INDEX source_by_file ON source(file_uuid);
            CREATE TABLE part (
                file_uuid TEXT NOT NULL REFERENCES file(uuid) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                size BIGINT NOT NULL,
                etag TEXT NOT NULL,
                PRIMARY KEY (file_uuid, number)
            );
            CREATE TABLE product_link (
                child_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                parent_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                PRIMARY KEY (child_id, parent_id)
            );
            CREATE INDEX product_link_by_parent ON product_link(parent_id);
            CREATE TABLE collection (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                owner TEXT NOT NULL,
                readers TEXT NOT NULL,
                writers TEXT NOT NULL,
                pinned BIGINT NOT NULL DEFAULT 0
            );
            CREATE INDEX collection_search ON collection USING gin (to_tsvector('english', name));
            CREATE TABLE collection_product (
                collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                product_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                position BIGSERIAL,
                PRIMARY KEY (collection_id, product_id)
            );
            CREATE INDEX collection_product_by_product ON collection_product(product_id);
            CREATE TABLE collection_link (
                parent_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                child_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                position BIGSERIAL,
                PRIMARY KEY (parent_id, child_id)
            );
            CREATE INDEX collection_link_by_child ON collection_link(child_id);
            CREATE TABLE api_key (
                name TEXT PRIMARY KEY NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created TEXT NOT NULL
            )
            """
        ),
        (
            // As in SQLite: the web pages list a user's products and products of one metadata type, newest first.
            "web-indexes",
            """
            CREATE INDEX product_by_owner ON product(owner);
            CREATE INDEX product_by_type ON product((CAST(metadata AS jsonb) ->> 'metadata_type'))
            """
        ),
        // As in SQLite, the same SQL: who may read a product, as rows; `migrate` fills it in the same transaction.
        ("product-readers", ProductReaders.schema),
    ]
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

import Foundation
import GRDB
import SciCore

/// The registry's SQLite database (`ROOT/registry.sqlite`, WAL): products, files, upload parts, collections, keys.
/// The schema is declared once, as migrations, and brought up to date on open.
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
        return pool
    }

    /// Every schema change, in order; a released migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // One row per version of a product. `visible` stays 0 until every upload of the version completes;
            // `current` marks the head of a version chain, linked backwards by `replaces`.
            try db.execute(
                sql: """
                    CREATE TABLE product (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        description TEXT NOT NULL,
                        metadata TEXT NOT NULL,
                        uploaded TEXT NOT NULL,
                        updated TEXT NOT NULL,
                        version TEXT NOT NULL,
                        current INTEGER NOT NULL,
                        visible INTEGER NOT NULL,
                        owner TEXT NOT NULL,
                        replaces TEXT REFERENCES product(id) ON DELETE SET NULL,
                        readers TEXT NOT NULL,
                        writers TEXT NOT NULL,
                        pinned INTEGER NOT NULL DEFAULT 0,
                        created REAL NOT NULL
                    );
                    CREATE INDEX product_by_name ON product(name);
                    CREATE INDEX product_by_replaces ON product(replaces);
                    CREATE INDEX product_pending ON product(visible, created);

                    -- A file's body lives in the blob store under `blob` once its upload is assembled; versions
                    -- of a product share the files they carry over.
                    CREATE TABLE file (
                        uuid TEXT PRIMARY KEY NOT NULL,
                        id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        description TEXT,
                        uploader TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        checksum TEXT NOT NULL,
                        part_size INTEGER NOT NULL,
                        available INTEGER NOT NULL,
                        blob TEXT
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
                        number INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        etag TEXT NOT NULL,
                        PRIMARY KEY (file_uuid, number)
                    );

                    -- `child_id` is a child of `parent_id` (PUT /relationships/product/{child}/child_of/{parent}).
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
                        pinned INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE collection_product (
                        collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                        product_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                        PRIMARY KEY (collection_id, product_id)
                    );
                    CREATE INDEX collection_product_by_product ON collection_product(product_id);
                    CREATE TABLE collection_link (
                        parent_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                        child_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                        PRIMARY KEY (parent_id, child_id)
                    );
                    CREATE INDEX collection_link_by_child ON collection_link(child_id);

                    -- Only a key's SHA-256 is kept; the key itself is printed once, when it is made.
                    CREATE TABLE api_key (
                        name TEXT PRIMARY KEY NOT NULL,
                        hash TEXT NOT NULL UNIQUE,
                        scopes TEXT NOT NULL,
                        created TEXT NOT NULL
                    );

                    -- Whole-word, stemmed, case-insensitive search over names, as MongoDB's text index gives HIPPO.
                    CREATE VIRTUAL TABLE product_search USING fts5(
                        name, content='product', content_rowid='rowid', tokenize='porter unicode61');
                    CREATE TRIGGER product_search_insert AFTER INSERT ON product BEGIN
                        INSERT INTO product_search(rowid, name) VALUES (new.rowid, new.name);
                    END;
                    CREATE TRIGGER product_search_delete AFTER DELETE ON product BEGIN
                        INSERT INTO product_search(product_search, rowid, name) VALUES ('delete', old.rowid, old.name);
                    END;
                    CREATE TRIGGER product_search_update AFTER UPDATE OF name ON product BEGIN
                        INSERT INTO product_search(product_search, rowid, name) VALUES ('delete', old.rowid, old.name);
                        INSERT INTO product_search(rowid, name) VALUES (new.rowid, new.name);
                    END;

                    CREATE VIRTUAL TABLE collection_search USING fts5(
                        name, content='collection', content_rowid='rowid', tokenize='porter unicode61');
                    CREATE TRIGGER collection_search_insert AFTER INSERT ON collection BEGIN
                        INSERT INTO collection_search(rowid, name) VALUES (new.rowid, new.name);
                    END;
                    CREATE TRIGGER collection_search_delete AFTER DELETE ON collection BEGIN
                        INSERT INTO collection_search(collection_search, rowid, name) VALUES ('delete', old.rowid, old.name);
                    END;
                    CREATE TRIGGER collection_search_update AFTER UPDATE OF name ON collection BEGIN
                        INSERT INTO collection_search(collection_search, rowid, name) VALUES ('delete', old.rowid, old.name);
                        INSERT INTO collection_search(rowid, name) VALUES (new.rowid, new.name);
                    END;
                    """)
        }
        migrator.registerMigration("v2") { db in
            // An upload to an S3 store is an S3 multipart upload: its id, so any server can complete or abort it.
            try db.execute(sql: "ALTER TABLE file ADD COLUMN upload_id TEXT")
        }
        // The web pages list a user's products and products of one metadata type, newest first: without these, each
        // such page read every row (100 ms and more at 100,000 products). Both indexes keep rowid order per key.
        migrator.registerMigration("web-indexes") { db in
            try db.execute(
                sql: """
                    CREATE INDEX product_by_owner ON product(owner);
                    CREATE INDEX product_by_type ON product(json_extract(metadata, '$.metadata_type'));
                    """)
        }
        // Who may read a product, as rows: an anonymous visitor's search found its nothing by reading every row's
        // lists (200 ms at 100,000 products). Built from the lists in the migration's transaction.
        migrator.registerMigration("product-readers") { db in
            try db.execute(sql: ProductReaders.schema)
            try ProductReaders.rebuild(SQLiteSession(database: db))
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

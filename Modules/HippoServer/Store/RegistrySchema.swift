/// The registry's schema, written once for both engines as the migrations that build it, in order; a released
/// migration is never edited, only followed by a new one. SQLite reads PostgreSQL's column types as its own
/// (`BIGINT` has INTEGER affinity, `DOUBLE PRECISION` REAL), so the tables are one text; the engines differ in text
/// search (FTS5 tables kept by triggers, GIN indexes), in how insertion order is kept (SQLite's rowid, a `position`
/// column), in JSON functions, and in PostgreSQL's guard against two successors of one version, which servers
/// sharing a database need and SQLite's single writer does not.
enum RegistrySchema {
    /// One schema change: its name (recorded once applied), its statements, and work that fills what they made,
    /// run in the same transaction.
    struct Migration: Sendable {
        let name: String
        /// Statements separated by `;` and a newline (none inside a statement, but for SQLite's triggers).
        let sql: String
        var fill: (@Sendable (any RegistrySession) throws -> Void)? = nil
    }

    /// Every migration of `dialect`, in order.
    static func migrations(_ dialect: SQLDialect) -> [Migration] {
        let postgres = dialect == .postgres
        // PostgreSQL's registries were made after S3 uploads came (`upload_id`); SQLite's get the column in "v2".
        let v1 = Migration(
            name: "v1",
            sql: """
                -- One row per version of a product. `visible` stays 0 until every upload of the version completes;
                -- `current` marks the head of a version chain, linked backwards by `replaces`.
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
                -- A file's body lives in the blob store under `blob` once its upload is assembled; versions
                -- of a product share the files they carry over.
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
                    blob TEXT\(postgres ? ",\n    upload_id TEXT" : "")
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
                    pinned BIGINT NOT NULL DEFAULT 0
                );
                CREATE TABLE collection_product (
                    collection_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                    product_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,\(postgres ? "\n    position BIGSERIAL," : "")
                    PRIMARY KEY (collection_id, product_id)
                );
                CREATE INDEX collection_product_by_product ON collection_product(product_id);
                CREATE TABLE collection_link (
                    parent_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
                    child_id TEXT NOT NULL REFERENCES collection(id) ON DELETE CASCADE,\(postgres ? "\n    position BIGSERIAL," : "")
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

                """ + (postgres ? postgresSearch : sqliteSearch))
        // The web pages list a user's products and products of one metadata type, newest first: without these, each
        // such page read every row (100 ms and more at 100,000 products).
        let webIndexes = Migration(
            name: "web-indexes",
            sql: """
                CREATE INDEX product_by_owner ON product(owner);
                CREATE INDEX product_by_type ON product(\(postgres ? "(CAST(metadata AS jsonb) ->> 'metadata_type')" : "json_extract(metadata, '$.metadata_type')"))
                """)
        // Who may read a product, as rows: an anonymous visitor's search found its nothing by reading every row's
        // lists (200 ms at 100,000 products). Built from the lists in the migration's transaction.
        let readers = Migration(name: "product-readers", sql: ProductReaders.schema, fill: ProductReaders.rebuild)
        if postgres { return [v1, webIndexes, readers] }
        // An upload to an S3 store is an S3 multipart upload: its id, so any server can complete or abort it.
        return [v1, Migration(name: "v2", sql: "ALTER TABLE file ADD COLUMN upload_id TEXT"), webIndexes, readers]
    }

    /// PostgreSQL's text search over names, and its guard: one visible successor per version.
    private static let postgresSearch = """
        CREATE UNIQUE INDEX product_one_successor ON product(replaces) WHERE visible = 1;
        CREATE INDEX product_search ON product USING gin (to_tsvector('english', name));
        CREATE INDEX collection_search ON collection USING gin (to_tsvector('english', name))
        """

    /// Whole-word, stemmed, case-insensitive search over names, as MongoDB's text index gives HIPPO: FTS5 tables
    /// kept in step by triggers.
    private static let sqliteSearch = ["product", "collection"].map { table in
        """
        CREATE VIRTUAL TABLE \(table)_search USING fts5(
            name, content='\(table)', content_rowid='rowid', tokenize='porter unicode61');
        CREATE TRIGGER \(table)_search_insert AFTER INSERT ON \(table) BEGIN
            INSERT INTO \(table)_search(rowid, name) VALUES (new.rowid, new.name);
        END;
        CREATE TRIGGER \(table)_search_delete AFTER DELETE ON \(table) BEGIN
            INSERT INTO \(table)_search(\(table)_search, rowid, name) VALUES ('delete', old.rowid, old.name);
        END;
        CREATE TRIGGER \(table)_search_update AFTER UPDATE OF name ON \(table) BEGIN
            INSERT INTO \(table)_search(\(table)_search, rowid, name) VALUES ('delete', old.rowid, old.name);
            INSERT INTO \(table)_search(rowid, name) VALUES (new.rowid, new.name);
        END;
        """
    }.joined(separator: "\n")
}

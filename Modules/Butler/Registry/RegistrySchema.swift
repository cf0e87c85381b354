import Foundation
import GRDB

/// The registry's tables: the static ones as migrations, and the per-dimension-group dataset tables daf_butler makes.
enum RegistrySchema {
    /// The migrations, run once on creation and on every open (they are no-ops when applied), by name in order.
    ///
    /// The dimension tables depend on the universe, which the first migration stores; a later open reads it back
    /// before migrating, so a repository's tables always match its own universe.
    static func migrations(universe: DimensionUniverse, dialect: SQLDialect) throws -> [(name: String, statements: [String])] {
        let (int, text, key) = (dialect.type("INTEGER"), dialect.type("TEXT"), dialect.autoIncrementingKey)
        let id = dialect.type("CHAR(32)")
        let universeJSON = String(decoding: try JSONEncoder().encode(universe), as: UTF8.self)
        return [
            ("v1-static", [
                "CREATE TABLE butler_attributes (name \(text) NOT NULL PRIMARY KEY, value \(text) NOT NULL)",
                "CREATE TABLE collection (collection_id \(key), name \(text) NOT NULL UNIQUE, type \(int) NOT NULL, doc \(text))",
                """
                CREATE TABLE run (
                    collection_id \(int) PRIMARY KEY REFERENCES collection ON DELETE CASCADE,
                    host \(text), timespan_begin \(int), timespan_end \(int))
                """,
                """
                CREATE TABLE collection_chain (
                    parent \(int) NOT NULL REFERENCES collection ON DELETE CASCADE, position \(int) NOT NULL,
                    child \(int) NOT NULL REFERENCES collection, PRIMARY KEY (parent, position))
                """,
                "CREATE INDEX collection_chain_child ON collection_chain (child)",
                "CREATE TABLE dimension_group (id \(key), key \(text) NOT NULL UNIQUE)",
                """
                CREATE TABLE dataset_type (
                    id \(key), name \(text) NOT NULL UNIQUE, storage_class \(text) NOT NULL,
                    dimensions \(text) NOT NULL, dimension_group_id \(int) NOT NULL REFERENCES dimension_group,
                    is_calibration \(int) NOT NULL DEFAULT 0,
                    tag_association_table \(text) NOT NULL, calibration_association_table \(text))
                """,
                """
                CREATE TABLE dataset (
                    id \(id) PRIMARY KEY, dataset_type_id \(int) NOT NULL REFERENCES dataset_type,
                    ingest_date \(int) NOT NULL, run_id \(int) NOT NULL REFERENCES run)
                """,
                "CREATE INDEX dataset_run ON dataset (run_id)",
                """
                CREATE TABLE file_datastore_records (
                    dataset_id \(id) NOT NULL REFERENCES dataset ON DELETE CASCADE, path \(text) NOT NULL,
                    formatter \(text) NOT NULL, storage_class \(text) NOT NULL, component \(text) NOT NULL,
                    checksum \(text), file_size \(int), PRIMARY KEY (dataset_id, component))
                """,
                "CREATE INDEX file_datastore_records_idx_path ON file_datastore_records (path)",
                "INSERT INTO butler_attributes (name, value) VALUES ('config:dimensions.json', \(quoteText(universeJSON)))",
            ]),
            ("v1-dimensions", try universe.elements.map { try elementTableSQL($0, universe: universe, dialect: dialect) }),
        ]
    }

    /// The migrations for GRDB, on SQLite.
    static func migrator(universe: DimensionUniverse) throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (name, statements) in try migrations(universe: universe, dialect: .sqlite) {
            migrator.registerMigration(name) { db in
                for statement in statements { try db.execute(sql: statement) }
            }
        }
        return migrator
    }

    /// Runs the migrations not yet applied, on PostgreSQL, inside the caller's transaction; the names applied are kept
    /// in a table as GRDB keeps them in SQLite.
    static func migrate(_ db: RegistryConnection, universe: DimensionUniverse) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS sci_migrations (name TEXT NOT NULL PRIMARY KEY)")
        let applied = Set(try db.values(String.self, "SELECT name FROM sci_migrations"))
        for (name, statements) in try migrations(universe: universe, dialect: db.dialect) where !applied.contains(name) {
            for statement in statements { try db.execute(statement) }
            try db.execute("INSERT INTO sci_migrations (name) VALUES (?)", [name])
        }
    }

    /// An SQL string literal.
    static func quoteText(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The table of an element's records: its required dimensions and key, implied dimensions, other keys, metadata.
    static func elementTableSQL(_ element: DimensionElement, universe: DimensionUniverse, dialect: SQLDialect) throws -> String {
        let parents = try universe.requiredDimensions(of: element.name)
        var columns: [String] = []
        for parent in parents {
            columns.append("\(quote(parent)) \(dialect.type(try universe.element(parent).primaryKey.type.sqlType)) NOT NULL")
        }
        columns.append("\(quote(element.primaryKey.name)) \(dialect.type(element.primaryKey.type.sqlType)) NOT NULL")
        for implied in element.implies {
            columns.append("\(quote(implied)) \(dialect.type(try universe.element(implied).primaryKey.type.sqlType))")
        }
        for field in element.recordFields { columns.append("\(quote(field.name)) \(dialect.type(field.type.sqlType))") }
        if element.isTemporal { columns += ["timespan_begin \(dialect.type("INTEGER"))", "timespan_end \(dialect.type("INTEGER"))"] }
        if element.isSpatial { columns.append("region \(dialect.type("TEXT"))") }
        let keyColumns = (parents + [element.primaryKey.name]).map(quote)
        columns.append("PRIMARY KEY (\(keyColumns.joined(separator: ", ")))")
        for alternate in element.keys.dropFirst() {
            columns.append("UNIQUE (\((parents.map(quote) + [quote(alternate.name)]).joined(separator: ", ")))")
        }
        return "CREATE TABLE \(quote(element.name)) (\(columns.joined(separator: ", ")))"
    }

    /// The tables shared by every dataset type of one dimension group: membership in RUN/TAGGED collections, and
    /// validity ranges in CALIBRATION ones. The membership table is clustered by (collection, type, data ID), the
    /// order queries read it in, so a listing scans it without a lookup per row; that key also serves deletes by
    /// collection, so an insert updates two B-trees where a rowid table with these keys as indexes updated four.
    /// daf_butler makes them per group too, so dimension values are real columns and a where-clause becomes an indexed
    /// SQL condition.
    ///
    /// On PostgreSQL the validity ranges of one (type, collection, data ID) may not overlap, by an exclusion
    /// constraint on their `int8range` as daf_butler declares it (which needs the `btree_gist` extension for the `=`
    /// parts): two writers certifying at once cannot both succeed. SQLite has no such constraint; its writers take
    /// turns, and certify checks before inserting.
    static func datasetTablesSQL(groupId: Int64, group: DimensionGroup, universe: DimensionUniverse, dialect: SQLDialect) throws -> [String] {
        let (int, id) = (dialect.type("INTEGER"), dialect.type("CHAR(32)"))
        let dims = try group.required.map { "\(quote($0)) \(dialect.type(try universe.element($0).primaryKey.type.sqlType)) NOT NULL" }
        let dimList = group.required.map(quote).joined(separator: ", ")
        let tags = tagsTable(groupId)
        let calibs = calibsTable(groupId)
        let exclusion = dialect == .postgresql
            ? ", CONSTRAINT \(calibs)_no_overlap EXCLUDE USING gist (dataset_type_id WITH =, collection_id WITH =, "
                + group.required.map { "\(quote($0)) WITH =" }.joined(separator: ", ")
                // An empty or reversed span is the empty range, which overlaps nothing.
                + ", int8range(timespan_begin, GREATEST(timespan_begin, timespan_end)) WITH &&)"
            : ""
        return [
            """
            CREATE TABLE \(tags) (
                dataset_type_id \(int) NOT NULL, dataset_id \(id) NOT NULL REFERENCES dataset ON DELETE CASCADE,
                collection_id \(int) NOT NULL REFERENCES collection ON DELETE CASCADE, \(dims.joined(separator: ", ")),
                PRIMARY KEY (collection_id, dataset_type_id, \(dimList)), UNIQUE (dataset_id, collection_id))\(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """,
            """
            CREATE TABLE \(calibs) (
                id \(dialect.autoIncrementingKey), dataset_type_id \(int) NOT NULL,
                dataset_id \(id) NOT NULL REFERENCES dataset ON DELETE CASCADE,
                collection_id \(int) NOT NULL REFERENCES collection ON DELETE CASCADE, \(dims.joined(separator: ", ")),
                timespan_begin \(int) NOT NULL, timespan_end \(int) NOT NULL\(exclusion))
            """,
            "CREATE INDEX \(calibs)_lookup ON \(calibs) (dataset_type_id, collection_id, \(dimList))",
        ]
    }

    /// `dataset_tags_00000001`.
    static func tagsTable(_ groupId: Int64) -> String { "dataset_tags_" + padded(groupId) }

    /// `dataset_calibs_00000001`.
    static func calibsTable(_ groupId: Int64) -> String { "dataset_calibs_" + padded(groupId) }

    /// An SQL identifier, quoted.
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func padded(_ value: Int64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

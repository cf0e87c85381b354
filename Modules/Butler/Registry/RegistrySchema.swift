import Foundation
import GRDB

/// The registry's tables: the static ones as migrations, and the per-dimension-group dataset tables daf_butler makes.
enum RegistrySchema {
    /// The migrations, run once on creation and on every open (they are no-ops when applied).
    ///
    /// The dimension tables depend on the universe, which the first migration stores; a later open reads it back
    /// before migrating, so a repository's tables always match its own universe.
    static func migrator(universe: DimensionUniverse) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-static") { db in
            try db.execute(sql: """
                CREATE TABLE butler_attributes (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE collection (
                    collection_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, type INTEGER NOT NULL, doc TEXT);
                CREATE TABLE run (
                    collection_id INTEGER PRIMARY KEY REFERENCES collection ON DELETE CASCADE,
                    host TEXT, timespan_begin INTEGER, timespan_end INTEGER);
                CREATE TABLE collection_chain (
                    parent INTEGER NOT NULL REFERENCES collection ON DELETE CASCADE, position INTEGER NOT NULL,
                    child INTEGER NOT NULL REFERENCES collection, PRIMARY KEY (parent, position));
                CREATE INDEX collection_chain_child ON collection_chain (child);
                CREATE TABLE dimension_group (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
                CREATE TABLE dataset_type (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, storage_class TEXT NOT NULL,
                    dimensions TEXT NOT NULL, dimension_group_id INTEGER NOT NULL REFERENCES dimension_group,
                    is_calibration INTEGER NOT NULL DEFAULT 0,
                    tag_association_table TEXT NOT NULL, calibration_association_table TEXT);
                CREATE TABLE dataset (
                    id CHAR(32) PRIMARY KEY, dataset_type_id INTEGER NOT NULL REFERENCES dataset_type,
                    ingest_date INTEGER NOT NULL, run_id INTEGER NOT NULL REFERENCES run);
                CREATE INDEX dataset_run ON dataset (run_id);
                CREATE TABLE file_datastore_records (
                    dataset_id CHAR(32) NOT NULL REFERENCES dataset ON DELETE CASCADE, path TEXT NOT NULL,
                    formatter TEXT NOT NULL, storage_class TEXT NOT NULL, component TEXT NOT NULL,
                    checksum TEXT, file_size INTEGER, PRIMARY KEY (dataset_id, component));
                CREATE INDEX file_datastore_records_idx_path ON file_datastore_records (path);
                """)
            try db.execute(
                sql: "INSERT INTO butler_attributes (name, value) VALUES ('config:dimensions.json', ?)",
                arguments: [String(decoding: try JSONEncoder().encode(universe), as: UTF8.self)])
        }
        migrator.registerMigration("v1-dimensions") { db in
            for element in universe.elements { try db.execute(sql: try elementTableSQL(element, universe: universe)) }
        }
        // The sky-pixel index of spatial records' regions (RegionIndex); repositories made before it get empty tables
        // and their existing regions (there were none: a region could not be inserted) need no backfill.
        migrator.registerMigration("v2-region-pixels") { db in
            for sql in try RegionIndex.tablesSQL(universe: universe) { try db.execute(sql: sql) }
        }
        return migrator
    }

    /// The table of an element's records: its required dimensions and key, implied dimensions, other keys, metadata.
    static func elementTableSQL(_ element: DimensionElement, universe: DimensionUniverse) throws -> String {
        let parents = try universe.requiredDimensions(of: element.name)
        var columns: [String] = []
        for parent in parents {
            columns.append("\(quote(parent)) \(try universe.element(parent).primaryKey.type.sqlType) NOT NULL")
        }
        columns.append("\(quote(element.primaryKey.name)) \(element.primaryKey.type.sqlType) NOT NULL")
        for implied in element.implies {
            columns.append("\(quote(implied)) \(try universe.element(implied).primaryKey.type.sqlType)")
        }
        for field in element.recordFields { columns.append("\(quote(field.name)) \(field.type.sqlType)") }
        if element.isTemporal { columns += ["timespan_begin INTEGER", "timespan_end INTEGER"] }
        if element.isSpatial { columns.append("region TEXT") }
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
    /// collection, so an insert updates two B-trees where a rowid table with these keys as indexes updated four. daf_butler makes them per group too, so dimension values are real
    /// columns and a where-clause becomes an indexed SQL condition.
    static func datasetTablesSQL(groupId: Int64, group: DimensionGroup, universe: DimensionUniverse) throws -> [String] {
        let dims = try group.required.map { "\(quote($0)) \(try universe.element($0).primaryKey.type.sqlType) NOT NULL" }
        let dimList = group.required.map(quote).joined(separator: ", ")
        let tags = tagsTable(groupId)
        let calibs = calibsTable(groupId)
        return [
            """
            CREATE TABLE \(tags) (
                dataset_type_id INTEGER NOT NULL, dataset_id CHAR(32) NOT NULL REFERENCES dataset ON DELETE CASCADE,
                collection_id INTEGER NOT NULL REFERENCES collection ON DELETE CASCADE, \(dims.joined(separator: ", ")),
                PRIMARY KEY (collection_id, dataset_type_id, \(dimList)), UNIQUE (dataset_id, collection_id)) WITHOUT ROWID
            """,
            """
            CREATE TABLE \(calibs) (
                id INTEGER PRIMARY KEY, dataset_type_id INTEGER NOT NULL,
                dataset_id CHAR(32) NOT NULL REFERENCES dataset ON DELETE CASCADE,
                collection_id INTEGER NOT NULL REFERENCES collection ON DELETE CASCADE, \(dims.joined(separator: ", ")),
                timespan_begin INTEGER NOT NULL, timespan_end INTEGER NOT NULL)
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

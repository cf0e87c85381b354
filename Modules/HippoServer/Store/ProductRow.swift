import Foundation
import SciCore

/// One row of the `product` table: one version of a product.
struct ProductRow: Sendable {
    var id: String
    var name: String
    var description: String
    var metadata: JSONValue
    var uploaded: String
    var updated: String
    var version: String
    var current: Bool
    var visible: Bool
    var owner: String
    var replaces: String?
    var readers: [String]
    var writers: [String]
    var pinned: Bool

    init(row: SQLRow) throws { try self.init(row: row, columns: Columns(row)) }

    /// Decodes by position: rows of one statement share `columns`, so a search of 1,000 hits looks each column's
    /// name up once, not once per row (GRDB's lookup by name lowercases it every time).
    init(row: SQLRow, columns: Columns) throws {
        id = row[columns.id]
        name = row[columns.name]
        description = row[columns.description]
        metadata = try JSONValue(parsing: Data((row[columns.metadata] as String).utf8))
        uploaded = row[columns.uploaded]
        updated = row[columns.updated]
        version = row[columns.version]
        current = row[columns.current]
        visible = row[columns.visible]
        owner = row[columns.owner]
        replaces = row[columns.replaces]
        readers = try ProductRow.list(row[columns.readers], "readers")
        writers = try ProductRow.list(row[columns.writers], "writers")
        pinned = row[columns.pinned]
    }

    /// Where each column of a product row sits in the rows of one statement.
    struct Columns {
        let id, name, description, metadata, uploaded, updated, version, current, visible, owner, replaces, readers, writers, pinned: Int

        /// The positions in `row`'s statement (the first column of each name, as GRDB's lookup by name takes);
        /// a 500 for a statement that does not select them all.
        init(_ row: SQLRow) throws {
            let at = ColumnPositions(row, kind: "product")
            (id, name, description, metadata, uploaded) = (try at("id"), try at("name"), try at("description"), try at("metadata"), try at("uploaded"))
            (updated, version, current, visible, owner) = (try at("updated"), try at("version"), try at("current"), try at("visible"), try at("owner"))
            (replaces, readers, writers, pinned) = (try at("replaces"), try at("readers"), try at("writers"), try at("pinned"))
        }
    }

    /// Product rows of one statement, decoded by position.
    static func all(_ rows: [SQLRow]) throws -> [ProductRow] {
        guard let first = rows.first else { return [] }
        let columns = try Columns(first)
        return try rows.map { try ProductRow(row: $0, columns: columns) }
    }

    init(
        id: String, name: String, description: String, metadata: JSONValue, uploaded: String, version: String,
        owner: String, replaces: String?, readers: [String], writers: [String]
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.metadata = metadata
        self.uploaded = uploaded
        self.updated = Timestamp.now()
        self.version = version
        self.current = false
        self.visible = false
        self.owner = owner
        self.replaces = replaces
        self.readers = readers
        self.writers = writers
        self.pinned = false
    }

    /// Inserts the row, and its rows of the read-access index.
    func insert(_ db: any RegistrySession, created: Double) throws {
        try db.execute(
            sql: """
                INSERT INTO product (id, name, description, metadata, uploaded, updated, version, current, visible, owner,
                    replaces, readers, writers, pinned, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, name, description, metadata.jsonString(), uploaded, updated, version, current, visible, owner, replaces,
                ProductRow.json(readers), ProductRow.json(writers), pinned, created,
            ])
        try ProductReaders.record(db, product: id, readers: readers, writers: writers, replacing: false)
    }

    /// Writes back the access lists and owner, and the row's read-access index.
    func saveAccess(_ db: any RegistrySession) throws {
        try db.execute(
            sql: "UPDATE product SET owner = ?, readers = ?, writers = ? WHERE id = ?",
            arguments: [owner, ProductRow.json(readers), ProductRow.json(writers), id])
        try ProductReaders.record(db, product: id, readers: readers, writers: writers, replacing: true)
    }

    /// The product with this id, visible or not.
    static func find(_ db: any RegistrySession, id: String) throws -> ProductRow? {
        try db.row(sql: "SELECT * FROM product WHERE id = ?", arguments: [id]).map(ProductRow.init(row:))
    }

    /// The `readers` and `writers` columns of a product or collection row, stored as JSON lists.
    static func accessLists(_ row: SQLRow) throws -> (readers: [String], writers: [String]) {
        (try list(row["readers"], "readers"), try list(row["writers"], "writers"))
    }

    /// A `readers` or `writers` column's JSON list, read with SciCore's parser rather than a JSONDecoder per list
    /// (two lists per row of a 1,000-hit search).
    static func list(_ text: String, _ column: String) throws -> [String] {
        guard case .array(let items) = try JSONValue(parsing: Data(text.utf8)) else {
            throw HippoError(500, "the registry's \(column) column holds no JSON list")
        }
        return try items.map {
            guard case .string(let name) = $0 else { throw HippoError(500, "the registry's \(column) column holds a non-name") }
            return name
        }
    }

    /// A list as JSON text.
    static func json(_ list: [String]) -> String { JSONValue.array(list.map { .string($0) }).jsonString() }
}

import Foundation
import GRDB
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

    init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        description = row["description"]
        metadata = try JSONValue(parsing: Data((row["metadata"] as String).utf8))
        uploaded = row["uploaded"]
        updated = row["updated"]
        version = row["version"]
        current = row["current"]
        visible = row["visible"]
        owner = row["owner"]
        replaces = row["replaces"]
        (readers, writers) = try ProductRow.accessLists(row)
        pinned = row["pinned"]
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

    /// Inserts the row.
    func insert(_ db: Database, created: Double) throws {
        try db.execute(
            sql: """
                INSERT INTO product (id, name, description, metadata, uploaded, updated, version, current, visible, owner,
                    replaces, readers, writers, pinned, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, name, description, metadata.jsonString(), uploaded, updated, version, current, visible, owner, replaces,
                ProductRow.json(readers), ProductRow.json(writers), pinned, created,
            ])
    }

    /// Writes back the access lists and owner.
    func saveAccess(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE product SET owner = ?, readers = ?, writers = ? WHERE id = ?",
            arguments: [owner, ProductRow.json(readers), ProductRow.json(writers), id])
    }

    /// The product with this id, visible or not.
    static func find(_ db: Database, id: String) throws -> ProductRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM product WHERE id = ?", arguments: [id]).map(ProductRow.init(row:))
    }

    /// The `readers` and `writers` columns of a product or collection row, stored as JSON lists.
    static func accessLists(_ row: Row) throws -> (readers: [String], writers: [String]) {
        func list(_ column: String) throws -> [String] { try JSONDecoder().decode([String].self, from: Data((row[column] as String).utf8)) }
        return (try list("readers"), try list("writers"))
    }

    /// A list as JSON text.
    static func json(_ list: [String]) -> String { JSONValue.array(list.map { .string($0) }).jsonString() }
}

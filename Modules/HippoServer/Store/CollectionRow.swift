import Foundation
import SciCore

/// One row of the `collection` table. Collections have no versions: an update changes the row in place.
struct CollectionRow: Sendable {
    var id: String
    var name: String
    var description: String
    var owner: String
    var readers: [String]
    var writers: [String]
    var pinned: Bool

    init(row: SQLRow) throws {
        id = row["id"]
        name = row["name"]
        description = row["description"]
        owner = row["owner"]
        (readers, writers) = try ProductRow.accessLists(row)
        pinned = row["pinned"]
    }

    init(id: String, name: String, description: String, owner: String, readers: [String], writers: [String]) {
        self.id = id
        self.name = name
        self.description = description
        self.owner = owner
        self.readers = readers
        self.writers = writers
        self.pinned = false
    }

    /// Inserts the row.
    func insert(_ db: any RegistrySession) throws {
        try db.execute(
            sql: "INSERT INTO collection (id, name, description, owner, readers, writers, pinned) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [id, name, description, owner, ProductRow.json(readers), ProductRow.json(writers), pinned])
    }

    /// Writes back every field but the id.
    func save(_ db: any RegistrySession) throws {
        try db.execute(
            sql: "UPDATE collection SET name = ?, description = ?, owner = ?, readers = ?, writers = ?, pinned = ? WHERE id = ?",
            arguments: [name, description, owner, ProductRow.json(readers), ProductRow.json(writers), pinned, id])
    }

    /// The collection with this id.
    static func find(_ db: any RegistrySession, id: String) throws -> CollectionRow? {
        try db.row(sql: "SELECT * FROM collection WHERE id = ?", arguments: [id]).map(CollectionRow.init(row:))
    }

    /// The collections found by `sql`, which selects `collection.*`.
    static func fetchAll(_ db: any RegistrySession, sql: String, arguments: [any SQLBindable]) throws -> [CollectionRow] {
        try db.rows(sql: sql, arguments: arguments).map(CollectionRow.init(row:))
    }

    /// HIPPO's `ReadCollectionCollectionResponse`: a parent or child as a collection read lists it.
    var summary: JSONValue { .object(summaryFields) }

    var summaryFields: [String: JSONValue] {
        [
            "id": .string(id), "name": .string(name), "description": .string(description), "owner": .string(owner),
            "readers": .array(readers.map { .string($0) }), "writers": .array(writers.map { .string($0) }),
        ]
    }
}

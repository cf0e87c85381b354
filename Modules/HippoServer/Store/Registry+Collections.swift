import Foundation
import SciCore

extension Registry {
    /// The collection `id`, readable by `caller`; 422 for a malformed id, 404 for an unknown one.
    func readableCollection(_ db: any RegistrySession, id: String, caller: Caller) throws -> CollectionRow {
        guard ObjectID.isValid(id) else { throw HippoError(422, "'\(id)' is not a collection id (24 hex digits)") }
        guard let collection = try CollectionRow.find(db, id: id) else { throw HippoError(404, "Collection not found.") }
        guard caller.canRead(readers: collection.readers, writers: collection.writers) else {
            throw HippoError(403, "you may not read collection \(id)")
        }
        return collection
    }

    /// The collection `id`, writable by `caller`.
    func writableCollection(_ db: any RegistrySession, id: String, caller: Caller) throws -> CollectionRow {
        let collection = try readableCollection(db, id: id, caller: caller)
        guard caller.canWrite(writers: collection.writers) else { throw HippoError(403, "you may not change collection \(id)") }
        return collection
    }

    /// `PUT /relationships/collection/{name}`: a new collection; names need not be unique. Answers its id.
    func createCollection(name: String, request: CreateCollectionRequest, caller: Caller) async throws -> JSONValue {
        try caller.require(.write)
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw HippoError(422, "a collection needs a name") }
        try Registry.checkName(name, "a collection name")
        let owner = caller.name ?? "anonymous"
        let collection = CollectionRow(
            id: ObjectID.make(), name: name, description: request.description, owner: owner,
            readers: Registry.merged(request.readers, [owner]), writers: Registry.merged(request.writers, [owner]))
        try await pool.write { db in try collection.insert(db) }
        return .string(collection.id)
    }

    /// `GET /relationships/collection/{id}`: the collection with the products the caller may read, its children
    /// and its parents.
    func readCollection(id: String, caller: Caller) async throws -> JSONValue {
        try await pool.read { [self] db in
            let collection = try readableCollection(db, id: id, caller: caller)
            let products = try db.rows(sql: """
                    SELECT product.* FROM collection_product JOIN product ON product.id = collection_product.product_id
                    WHERE collection_product.collection_id = ? AND product.visible = 1 ORDER BY \(db.insertionOrder("collection_product"))
                    """, arguments: [id]
            ).map(ProductRow.init(row:)).filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
            func linked(_ sql: String) throws -> JSONValue {
                .array(try CollectionRow.fetchAll(db, sql: sql, arguments: [id]).map(\.summary))
            }
            return Registry.collectionAnswer(
                collection,
                products: .array(
                    products.map { product in
                        .object([
                            "id": .string(product.id), "name": .string(product.name), "description": .string(product.description),
                            "owner": .string(product.owner), "version": .string(product.version),
                            "uploaded": .string(product.uploaded), "metadata": product.metadata,
                        ])
                    }),
                children: try linked(
                    "SELECT collection.* FROM collection_link JOIN collection ON collection.id = child_id WHERE parent_id = ? ORDER BY \(db.insertionOrder("collection_link"))"
                ),
                parents: try linked(
                    "SELECT collection.* FROM collection_link JOIN collection ON collection.id = parent_id WHERE child_id = ? ORDER BY \(db.insertionOrder("collection_link"))"
                ))
        }
    }

    /// `GET /relationships/collection/search/{name}`: collections whose name holds any of the words, best first.
    /// As in HIPPO, members are not listed (`products`, `child_collections`, `parent_collections` are null).
    func searchCollections(text: String, caller: Caller) async throws -> JSONValue {
        guard let query = RegistryDatabase.searchQuery(text) else { return .array([]) }
        return try await pool.read { db in
            let rows = try CollectionRow.fetchAll(
                db,
                sql: db.dialect == .sqlite
                    ? """
                    SELECT collection.* FROM collection_search JOIN collection ON collection.rowid = collection_search.rowid
                    WHERE collection_search MATCH ? ORDER BY collection_search.rank LIMIT 1000
                    """
                    : """
                    SELECT collection.* FROM collection, websearch_to_tsquery('english', ?) AS query
                    WHERE to_tsvector('english', collection.name) @@ query
                    ORDER BY ts_rank(to_tsvector('english', collection.name), query) DESC, collection.id LIMIT 1000
                    """,
                arguments: [db.dialect == .sqlite ? query : RegistryDatabase.webSearchQuery(text)])
            return .array(
                rows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
                    .map { Registry.collectionAnswer($0, products: .null, children: .null, parents: .null) })
        }
    }

    /// `PUT` and `DELETE /relationships/collection/{collection}/{product}`: adds or removes a product. As in HIPPO,
    /// membership is recorded on the product, so it is the product one must be able to change.
    func setMembership(collection: String, product: String, member: Bool, caller: Caller) async throws {
        try caller.require(.write)
        try await pool.write { [self] db in
            _ = try self.readableCollection(db, id: collection, caller: caller)
            _ = try self.writableProduct(db, id: product, caller: caller, notFound: "Product not found.")
            try Registry.setPair(db, table: "collection_product", "collection_id", collection, "product_id", product, present: member)
        }
    }

    /// `POST /relationships/collection/{id}/diff`: the name as `[old, new]` and the description as HIPPO's HTML table,
    /// each only when it would change.
    func diffCollection(id: String, request: UpdateCollectionRequest, caller: Caller) async throws -> JSONValue {
        try caller.require(.write)
        return try await pool.read { [self] db in
            let collection = try self.readableCollection(db, id: id, caller: caller)
            var changes: [String: JSONValue] = [:]
            if let name = request.name, !name.isEmpty, name != collection.name {
                changes["name"] = .array([.string(collection.name), .string(name)])
            }
            if let description = request.description, !description.isEmpty, description != collection.description {
                changes["description"] = .string(Registry.htmlDiff(old: collection.description, new: description))
            }
            return .object(changes)
        }
    }

    /// `POST /relationships/collection/{id}`: renames, redescribes and changes access in place; answers the id.
    func updateCollection(id: String, request: UpdateCollectionRequest, caller: Caller) async throws -> JSONValue {
        try caller.require(.write)
        if let name = request.name { try Registry.checkName(name, "a collection name") }
        try await pool.write { [self] db in
            var collection = try self.writableCollection(db, id: id, caller: caller)
            try self.checkOwner(db, request.access.owner, current: collection.owner)
            // HIPPO ignores an empty name or description rather than blanking it.
            if let name = request.name, !name.isEmpty { collection.name = name }
            if let description = request.description, !description.isEmpty { collection.description = description }
            (collection.readers, collection.writers, collection.owner) = request.access.applied(
                readers: collection.readers, writers: collection.writers, owner: collection.owner)
            try collection.save(db)
        }
        return .string(id)
    }

    /// `DELETE /relationships/collection/{id}`: the collection, its memberships and its links to parents and children.
    /// Member products and child collections stay.
    func deleteCollection(id: String, caller: Caller) async throws {
        try caller.require(.write)
        try await pool.write { [self] db in
            _ = try self.writableCollection(db, id: id, caller: caller)
            try db.execute(sql: "DELETE FROM collection WHERE id = ?", arguments: [id])
        }
    }

    /// `PUT /relationships/collection/{parent}/child_of/{child}` (linked) and
    /// `DELETE /relationships/collection/{child}/child_of/{parent}`: HIPPO's two routes name the ids in opposite order.
    /// Only the parent changes, so only it must be writable; a link that would close a cycle is refused, since clients
    /// walk children recursively.
    func linkCollections(parent: String, child: String, linked: Bool, caller: Caller) async throws {
        try caller.require(.write)
        try await pool.write { [self] db in
            _ = try self.writableCollection(db, id: parent, caller: caller)
            guard linked else {
                return try Registry.setPair(db, table: "collection_link", "parent_id", parent, "child_id", child, present: false)
            }
            _ = try self.readableCollection(db, id: child, caller: caller)
            let cycle = try db.bool(sql: """
                    WITH RECURSIVE below(id) AS (SELECT ? UNION SELECT child_id FROM collection_link JOIN below ON parent_id = below.id)
                    SELECT EXISTS (SELECT 1 FROM below WHERE id = ?)
                    """, arguments: [child, parent])
            guard !cycle else { throw HippoError(400, "collection \(parent) is already below \(child); the link would close a cycle") }
            try Registry.setPair(db, table: "collection_link", "parent_id", parent, "child_id", child, present: true)
        }
    }

    /// `PUT` and `DELETE /relationships/product/{child}/child_of/{parent}`: the link is recorded on the child, so the
    /// child must be writable. HIPPO drops a product's parents when it is revised; so does `update`.
    func linkProducts(child: String, parent: String, linked: Bool, caller: Caller) async throws {
        try caller.require(.write)
        try await pool.write { [self] db in
            _ = try self.writableProduct(db, id: child, caller: caller, notFound: "Product not found.")
            _ = try self.readableProduct(db, id: parent, caller: caller, notFound: "Product not found.")
            guard child != parent || !linked else { throw HippoError(400, "a product cannot be its own child") }
            try Registry.setPair(db, table: "product_link", "child_id", child, "parent_id", parent, present: linked)
        }
    }

    /// `POST /relationships/collection/{id}/pin` and `unpin`: admins only; answers the id.
    func pinCollection(id: String, pinned: Bool, caller: Caller) async throws -> JSONValue {
        try caller.require(.admin)
        try await pool.write { [self] db in
            var collection = try self.writableCollection(db, id: id, caller: caller)
            collection.pinned = pinned
            try collection.save(db)
        }
        return .string(id)
    }

    /// Moves collection memberships from a version to the one that replaces it, as HIPPO's default `current` policy does.
    func moveCollections(_ db: any RegistrySession, from previous: String, to revised: String) throws {
        try db.execute(
            sql: """
                INSERT INTO collection_product (collection_id, product_id) SELECT collection_id, ? FROM collection_product
                WHERE product_id = ? ON CONFLICT DO NOTHING
                """,
            arguments: [revised, previous])
        try db.execute(sql: "DELETE FROM collection_product WHERE product_id = ?", arguments: [previous])
    }

    /// Adds (idempotently) or removes one row of a two-column link table; the names are this file's constants, never input.
    private static func setPair(
        _ db: any RegistrySession, table: String, _ firstColumn: String, _ first: String, _ secondColumn: String, _ second: String, present: Bool
    ) throws {
        try db.execute(
            sql: present
                ? "INSERT INTO \(table) (\(firstColumn), \(secondColumn)) VALUES (?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM \(table) WHERE \(firstColumn) = ? AND \(secondColumn) = ?",
            arguments: [first, second])
    }

    /// HIPPO's `ReadCollectionResponse`.
    static func collectionAnswer(_ collection: CollectionRow, products: JSONValue, children: JSONValue, parents: JSONValue) -> JSONValue {
        .object(
            collection.summaryFields.merging(["products": products, "child_collections": children, "parent_collections": parents]) { $1 })
    }
}

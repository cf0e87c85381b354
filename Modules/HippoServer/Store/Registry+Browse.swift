import Foundation
import HippoMeta
import SciCore

/// Reads for the web pages: pages of products and collections a caller may read, and the names behind a product's
/// links. Nothing here writes.
extension Registry {
    /// A page of the current products `caller` may read that match `filter`: best match first when it names words,
    /// newest first otherwise. `offset` readable ones are skipped; `more` says whether another page follows.
    /// `newest` keeps the search to that many of the newest product versions (SQLite): the home page's "recent" ones,
    /// which then cost the same for a visitor who may read few products as for one who may read them all.
    ///
    /// Access is checked twice: the SQL keeps only rows the read-access index (`ProductReaders`) opens to the caller,
    /// and `Caller.canRead` decides for each row from its lists. When the caller may read few products (SQLite), the
    /// search starts from those, through the index, rather than from every product matching the rest of the filter:
    /// an anonymous visitor's search of a registry with nothing public reads nothing.
    func browseProducts(
        _ filter: ProductFilter, caller: Caller, offset: Int, limit: Int, newest: Int? = nil
    ) async throws -> (products: [ProductMetadata], more: Bool) {
        let words = filter.text.trimmingCharacters(in: .whitespaces)
        // Text without a single word matches nothing, as the API's search answers [] for it.
        if !words.isEmpty && RegistryDatabase.searchQuery(words) == nil { return ([], false) }
        let readers = ProductReaders.names(for: caller)
        if readers?.isEmpty == true { return ([], false) }
        return try await pool.read { [self] db in
            let sqlite = db.dialect == .sqlite
            var from = "product"
            // `+` keeps SQLite from reading these through the `(visible, created)` index, which would hold nearly
            // every row and force a sort: newest first is the table's own rowid order, read backwards.
            var conditions = ["+product.current = 1", "+product.visible = 1"]
            var arguments: [any SQLBindable] = []
            var order = sqlite ? "product.rowid DESC" : "product.created DESC, product.id DESC"
            if !words.isEmpty {
                if sqlite {
                    from = "product_search JOIN product ON product.rowid = product_search.rowid"
                    conditions.insert("product_search MATCH ?", at: 0)
                    arguments.append(RegistryDatabase.searchQuery(words)!)
                    order = "product_search.rank"
                } else {
                    from = "product, websearch_to_tsquery('english', ?) AS query"
                    conditions.insert("to_tsvector('english', product.name) @@ query", at: 0)
                    arguments.append(RegistryDatabase.webSearchQuery(words))
                    order = "ts_rank(to_tsvector('english', product.name), query) DESC, product.id"
                }
            }
            var probe: (sql: String, arguments: [any SQLBindable])?
            if let readers {
                let readable = try Registry.readableCount(db, readers)
                if readable == 0 { return ([], false) }
                if sqlite && words.isEmpty && readable <= Registry.fewReadable {
                    // Each readable product is looked up by id and the few that match are sorted: cheaper than
                    // walking every matching product, newest first, for the rare one the caller may read.
                    from = "(SELECT DISTINCT product_id FROM product_reader WHERE reader IN (\(readers.map { _ in "?" }.joined(separator: ", ")))) AS readable"
                        + " CROSS JOIN product ON product.id = readable.product_id"
                    arguments.insert(contentsOf: readers as [any SQLBindable], at: 0)
                } else {
                    probe = ProductReaders.condition(readers)
                }
            }
            if let newest, sqlite {
                conditions.append("product.rowid > (SELECT coalesce(max(rowid), 0) FROM product) - ?")
                arguments.append(newest)
            }
            if !filter.owner.isEmpty {
                conditions.append("product.owner = ?")
                arguments.append(filter.owner)
            }
            if let kind = filter.kind {
                conditions.append(sqlite ? "json_extract(product.metadata, '$.metadata_type') = ?" : "(CAST(product.metadata AS jsonb) ->> 'metadata_type') = ?")
                arguments.append(kind.tag)
            }
            for condition in filter.conditions {
                if let text = condition.value.text, Registry.appearsVerbatim(text) {
                    // A field holding the text holds it in the row's JSON as written: a plain LIKE on the text, far
                    // cheaper than parsing the JSON, passes over most rows before the JSON is read.
                    conditions.append(sqlite ? "product.metadata LIKE ? ESCAPE '\\'" : "product.metadata ILIKE ?")
                    arguments.append("%" + Registry.likeEscaped(text) + "%")
                }
                let (sql, values) = sqlite ? Registry.fieldCondition(condition) : Registry.postgresFieldCondition(condition)
                conditions.append(sql)
                arguments += values
            }
            if let probe {
                // Last, so the index is probed only for rows that match everything else.
                conditions.append(probe.sql)
                arguments += probe.arguments
            }
            let sql = "SELECT product.* FROM \(from) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ? OFFSET ?"
            // For a caller holding the read scope the index keeps exactly what `canRead` keeps, so the database skips
            // the earlier pages' rows without their being read into products. Should `canRead` refuse a row all the
            // same (or the caller hold no read scope, whom the index lets see public products), every row from the
            // first is read and checked, batch after batch.
            if caller.isAdmin || caller.scopes.contains(.read) {
                let rows = try ProductRow.all(db.rows(sql: sql, arguments: arguments + [limit + 1, offset]))
                let readable = rows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
                if readable.count == rows.count {
                    return (try metadata(db, of: Array(readable.prefix(limit))), readable.count > limit)
                }
            }
            let wanted = offset + limit + 1
            var readable: [ProductRow] = [], skippedRows = 0
            while readable.count < wanted {
                let rows = try ProductRow.all(db.rows(sql: sql, arguments: arguments + [wanted, skippedRows]))
                readable += rows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
                skippedRows += rows.count
                if rows.count < wanted { break }
            }
            let page = Array(readable.dropFirst(offset).prefix(limit))
            return (try metadata(db, of: page), readable.count > offset + limit)
        }
    }

    /// A page of the collections `caller` may read whose name holds any of the words of `text` (best first) or, for
    /// no text, the newest; `owner` narrows them to one owner's.
    func browseCollections(text: String, owner: String, caller: Caller, offset: Int, limit: Int) async throws -> (collections: [CollectionRow], more: Bool) {
        let words = text.trimmingCharacters(in: .whitespaces)
        if !words.isEmpty && RegistryDatabase.searchQuery(words) == nil { return ([], false) }
        guard let access = Registry.accessCondition("collection", caller: caller) else { return ([], false) }
        return try await pool.read { db in
            let sqlite = db.dialect == .sqlite
            var from = "collection"
            var order = sqlite ? "collection.rowid DESC" : "collection.id DESC"
            var conditions: [String] = []
            var arguments: [any SQLBindable] = []
            if !words.isEmpty {
                if sqlite {
                    from = "collection_search JOIN collection ON collection.rowid = collection_search.rowid"
                    conditions.append("collection_search MATCH ?")
                    arguments.append(RegistryDatabase.searchQuery(words)!)
                    order = "collection_search.rank"
                } else {
                    from = "collection, websearch_to_tsquery('english', ?) AS query"
                    conditions.append("to_tsvector('english', collection.name) @@ query")
                    arguments.append(RegistryDatabase.webSearchQuery(words))
                    order = "ts_rank(to_tsvector('english', collection.name), query) DESC, collection.id"
                }
            }
            if !access.sql.isEmpty {
                conditions.append(sqlite ? access.sql : access.sql.replacingOccurrences(of: "instr(", with: "strpos("))
                arguments += access.arguments
            }
            if !owner.isEmpty {
                conditions.append("collection.owner = ?")
                arguments.append(owner)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = "SELECT collection.* FROM \(from) \(filter) ORDER BY \(order) LIMIT ? OFFSET ?"
            let wanted = offset + limit + 1
            var readable: [CollectionRow] = [], skippedRows = 0
            while readable.count < wanted {
                let rows = try CollectionRow.fetchAll(db, sql: sql, arguments: arguments + [wanted, skippedRows])
                readable += rows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
                skippedRows += rows.count
                if rows.count < wanted { break }
            }
            return (Array(readable.dropFirst(offset).prefix(limit)), readable.count > offset + limit)
        }
    }

    /// How many readable products make a search start from the products matching its filter rather than from the
    /// readable ones: each of these costs a lookup by id, while a filter's products come in order from its index.
    static let fewReadable = 2_000

    /// How many product versions the index opens to `readers`, counted up to `fewReadable + 1` and no further.
    static func readableCount(_ db: any RegistrySession, _ readers: [String]) throws -> Int {
        try db.int(
            "SELECT count(*) FROM (SELECT 1 FROM product_reader WHERE reader IN (\(readers.map { _ in "?" }.joined(separator: ", "))) LIMIT ?) AS few",
            readers as [any SQLBindable] + [fewReadable + 1]) ?? 0
    }

    /// Of the product and collection ids given, the visible ones `caller` may read, by id: what a product page needs
    /// to name its parents, children and collections, leaving out the ones the caller may not see.
    func readableLinks(products: [String], collections: [String], caller: Caller) async throws -> (products: [String: ProductRow], collections: [String: CollectionRow]) {
        try await pool.read { db in
            let productRows = try ProductRow.all(
                db.rows(
                    sql: "SELECT * FROM product WHERE id IN (SELECT value FROM json_each(?)) AND +visible = 1",
                    arguments: [ProductRow.json(products)]))
            let collectionRows = try CollectionRow.fetchAll(
                db, sql: "SELECT * FROM collection WHERE id IN (SELECT value FROM json_each(?))", arguments: [ProductRow.json(collections)])
            return (
                Dictionary(
                    productRows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }.map { ($0.id, $0) },
                    uniquingKeysWith: { first, _ in first }),
                Dictionary(
                    collectionRows.filter { caller.canRead(readers: $0.readers, writers: $0.writers) }.map { ($0.id, $0) },
                    uniquingKeysWith: { first, _ in first })
            )
        }
    }

    /// Where the body of the file `uuid` lies on this machine, nil when it has none (not uploaded yet, or kept in S3).
    func localPath(ofFile uuid: String) async throws -> String? {
        guard storage is BlobStore, let file = try await pool.read({ try FileRow.find($0, uuid: uuid) }), let blob = file.blob else { return nil }
        return blobs.path(ofBlob: blob)
    }

    /// The SQL that keeps the rows of `table` whose access lists could let `caller` read them: an empty condition for
    /// an admin, nil for a caller who may read nothing. A row's lists are JSON text, so a name is looked for as its
    /// quoted JSON string; this only narrows the rows, `Caller.canRead` still decides.
    static func accessCondition(_ table: String, caller: Caller) -> (sql: String, arguments: [String])? {
        if caller.isAdmin { return ("", []) }
        var alternatives: [String] = [], arguments: [String] = []
        if caller.scopes.contains(.read) {
            alternatives.append("instr(\(table).readers, ?) > 0")
            arguments.append(JSONValue.string(Caller.everyone).jsonString())
        }
        if let name = caller.name {
            let quoted = JSONValue.string(name).jsonString()
            alternatives += ["instr(\(table).readers, ?) > 0", "instr(\(table).writers, ?) > 0"]
            arguments += [quoted, quoted]
        }
        guard !alternatives.isEmpty else { return nil }
        return ("(" + alternatives.joined(separator: " OR ") + ")", arguments)
    }

    /// The SQL matching one metadata field: words of a text field anywhere in it (case-insensitive), a choice or a
    /// number exactly, a list by one of its items, a map by a key or a value, a date by its start (`2026-03`).
    static func fieldCondition(_ condition: ProductFilter.Condition) -> (sql: String, arguments: [any SQLBindable]) {
        let path = "$.\(condition.field.name)"
        switch condition.value {
        case .contains(let text):
            return ("json_extract(product.metadata, ?) LIKE ? ESCAPE '\\'", [path, "%" + likeEscaped(text) + "%"])
        case .startsWith(let text):
            return ("json_extract(product.metadata, ?) LIKE ? ESCAPE '\\'", [path, likeEscaped(text) + "%"])
        case .equals(let text):
            return ("json_extract(product.metadata, ?) = ?", [path, text])
        case .number(let number):
            return ("json_extract(product.metadata, ?) = ?", [path, number])
        case .textOrInteger(let text):
            return ("CAST(json_extract(product.metadata, ?) AS TEXT) = ?", [path, text])
        case .item(let text):
            return ("EXISTS (SELECT 1 FROM json_each(product.metadata, ?) WHERE value = ?)", [path, text])
        case .keyOrValue(let text):
            let pattern = "%" + likeEscaped(text) + "%"
            return ("EXISTS (SELECT 1 FROM json_each(product.metadata, ?) WHERE key LIKE ? ESCAPE '\\' OR value LIKE ? ESCAPE '\\')", [path, pattern, pattern])
        }
    }

    /// `fieldCondition` in PostgreSQL's words: `->>` for a field's text, ILIKE for SQLite's case-insensitive LIKE,
    /// `jsonb_exists` for a list item, `jsonb_each_text` for a map.
    static func postgresFieldCondition(_ condition: ProductFilter.Condition) -> (sql: String, arguments: [any SQLBindable]) {
        let field = "(CAST(product.metadata AS jsonb) -> '\(condition.field.name)')"
        let text = "(CAST(product.metadata AS jsonb) ->> '\(condition.field.name)')"
        switch condition.value {
        case .contains(let value):
            return ("\(text) ILIKE ?", ["%" + likeEscaped(value) + "%"])
        case .startsWith(let value):
            return ("\(text) LIKE ?", [likeEscaped(value) + "%"])
        case .equals(let value), .textOrInteger(let value):
            return ("\(text) = ?", [value])
        case .number(let number):
            return ("(CASE WHEN jsonb_typeof(\(field)) = 'number' THEN CAST(\(text) AS double precision) = ? ELSE false END)", [number])
        case .item(let value):
            return ("(CASE WHEN jsonb_typeof(\(field)) = 'array' THEN jsonb_exists(\(field), ?) ELSE false END)", [value])
        case .keyOrValue(let value):
            let pattern = "%" + likeEscaped(value) + "%"
            return (
                "(CASE WHEN jsonb_typeof(\(field)) = 'object' THEN EXISTS (SELECT 1 FROM jsonb_each_text(\(field)) AS pair WHERE pair.key ILIKE ? OR pair.value ILIKE ?) ELSE false END)",
                [pattern, pattern]
            )
        }
    }

    /// Whether `text` is written the same inside any JSON string (letters, digits and a few marks every JSON writer
    /// leaves alone), so a row whose metadata holds it has it in its JSON text.
    static func appearsVerbatim(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " -_.:+,".unicodeScalars.contains($0)) }
    }

    /// `text` with LIKE's wildcards and its escape character escaped, so it matches itself.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}

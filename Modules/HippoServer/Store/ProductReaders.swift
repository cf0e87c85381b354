/// The read-access index: one `product_reader` row per product version and name that may read it (a user or group
/// of its readers or writers, and `public` when its readers hold it). A product's lists stay the truth, stored as
/// JSON text; the index says the same in rows, so a page finds the products a visitor may read through an index
/// instead of decoding every row's lists. Every statement that writes a product's lists rewrites its rows in the same
/// transaction (`ProductRow.insert`, `saveAccess`); a deleted product's rows go with it (`ON DELETE CASCADE`).
enum ProductReaders {
    /// The migration that adds the index, the same SQL for SQLite and PostgreSQL; `rebuild` fills it.
    static let schema = """
        CREATE TABLE product_reader (
            product_id TEXT NOT NULL REFERENCES product(id) ON DELETE CASCADE,
            reader TEXT NOT NULL,
            PRIMARY KEY (product_id, reader)
        );
        CREATE INDEX product_reader_by_reader ON product_reader(reader, product_id)
        """

    /// Fills the index from every product's lists, inside the migration's transaction: an older registry opened by
    /// this server gets it built once, all or nothing.
    static func rebuild(_ db: any RegistrySession) throws {
        try db.execute(sql: "DELETE FROM product_reader")
        // `json_each(product.…)` is SQLite's; PostgresSession says it as `json_array_elements_text`. Both name the
        // element `value`. A writer named `public` is no reader: only the readers' `public` opens a product to all.
        try db.execute(
            sql: """
                INSERT INTO product_reader (product_id, reader)
                SELECT product.id, value FROM product, json_each(product.readers)
                UNION
                SELECT product.id, value FROM product, json_each(product.writers) WHERE value <> '\(Caller.everyone)'
                """)
    }

    /// The index's names for a product with these lists: what `Caller.canRead` looks for in them.
    static func names(readers: [String], writers: [String]) -> [String] {
        Array(Set(readers).union(writers.filter { $0 != Caller.everyone })).sorted()
    }

    /// Replaces the index rows of product `id` by those of its lists; run in the transaction that writes the lists.
    static func record(_ db: any RegistrySession, product id: String, readers: [String], writers: [String], replacing: Bool) throws {
        if replacing { try db.execute(sql: "DELETE FROM product_reader WHERE product_id = ?", arguments: [id]) }
        let names = names(readers: readers, writers: writers)
        guard !names.isEmpty else { return }
        try db.execute(
            sql: "INSERT INTO product_reader (product_id, reader) SELECT ?, value FROM json_each(?)", arguments: [id, ProductRow.json(names)])
    }

    /// Which index names let `caller` read a product: nil for an admin (every product), [] for a caller who may
    /// read none. Any product holding one of them may be readable; `Caller.canRead` has the last word (a keyed
    /// caller without the read scope is named in a public product's lists yet may not read it).
    static func names(for caller: Caller) -> [String]? {
        if caller.isAdmin { return nil }
        var names: [String] = []
        if caller.scopes.contains(.read) { names.append(Caller.everyone) }
        if let name = caller.name, name != Caller.everyone { names.append(name) }
        return names
    }

    /// The SQL keeping the rows of `product` that one of `names` may read, as a probe of the index per row.
    static func condition(_ names: [String]) -> (sql: String, arguments: [any SQLBindable]) {
        (
            "EXISTS (SELECT 1 FROM product_reader WHERE product_reader.product_id = product.id AND product_reader.reader IN ("
                + names.map { _ in "?" }.joined(separator: ", ") + "))",
            names
        )
    }
}

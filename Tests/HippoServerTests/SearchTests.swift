import Foundation
import GRDB
@testable import HippoServer
import SciCore
import TestSupport
import Testing

/// Search answers with a fixed number of queries, whatever the number of hits, and still answers exactly what the
/// one-query-per-hit search did: compared over a registry and queries generated from a fixed seed.
@Suite("Searching products")
struct SearchTests {
    static let words = ["map", "maps", "mapping", "act", "dr6", "f090", "f150", "beam", "coadd", "Coadd", "mask", "night", "déjà", "日本"]

    @Test("batched search answers what the per-hit search answered, for 80 seeded queries and three callers")
    func sameAnswersAsPerHitSearch() async throws {
        let root = try TemporaryDirectory("hippo-search")
        let registry = try Registry(root: root.path, uploadLifetime: 86_400)
        var random = SeededRandom(seed: 24)
        try await Self.fill(registry, products: 300, random: &random)
        let callers = [
            Caller.localUser, Caller(name: "alice", scopes: [.read]), Caller(name: nil, scopes: [.read]),
        ]
        var compared = 0, nonEmpty = 0
        for _ in 0..<80 {
            let text = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Bool.random(using: &random) ? Self.words.randomElement(using: &random)! : "w\(Int.random(in: 0..<40, using: &random))"
            }.joined(separator: Bool.random(using: &random) ? " " : ", ")
            for caller in callers {
                let batched = try JSONValue(parsing: Data(try await registry.search(text: text, caller: caller)))
                let perHit = try await Self.perHitSearch(registry, text: text, caller: caller)
                #expect(batched == perHit, "search '\(text)' as \(caller.name ?? "anonymous")")
                compared += 1
                if batched.arrayCount ?? 0 > 0 { nonEmpty += 1 }
            }
        }
        // The comparison means something only if many answers hold hits, with versions, sources and links in them.
        #expect(compared == 240)
        #expect(nonEmpty > 100)
        let all = try JSONValue(parsing: Data(try await registry.search(text: "w1 w2 w3 map", caller: .localUser)))
        #expect(all.arrayCount ?? 0 > 20)
    }

    @Test("a search of many hits reads a fixed number of statements")
    func fixedStatementCount() async throws {
        let root = try TemporaryDirectory("hippo-search")
        let registry = try Registry(root: root.path, uploadLifetime: 86_400)
        var random = SeededRandom(seed: 7)
        try await Self.fill(registry, products: 200, random: &random)
        let ids = try await registry.pool.read { db in
            try db.strings("SELECT id FROM product WHERE current = 1 AND visible = 1 ORDER BY id")
        }
        #expect(ids.count > 150)
        let sqlite = try #require(registry.pool as? SQLiteRegistryStore)
        let counts = try await sqlite.pool.read { db in
            try [1, ids.count].map { count in
                let session = SQLiteSession(database: db)
                let products = try ids.prefix(count).map { try ProductRow.find(session, id: $0)! }
                let counter = StatementCounter()
                db.trace { counter.count($0) }
                _ = try registry.metadata(session, of: products)
                db.trace(options: [], nil)
                return counter.value
            }
        }
        #expect(counts[0] == counts[1], "statements for 1 and \(ids.count) products: \(counts)")
    }

    /// Counts traced statements.
    final class StatementCounter: @unchecked Sendable {
        var value = 0
        func count(_ event: Database.TraceEvent) { value += 1 }
    }

    /// The search as it was before the batching: the same FTS query, then five queries per hit.
    static func perHitSearch(_ registry: Registry, text: String, caller: Caller) async throws -> JSONValue {
        guard let query = RegistryDatabase.searchQuery(text) else { return .array([]) }
        return try await registry.pool.read { db in
            let rows = try db.rows(
                sql: """
                    SELECT product.* FROM product_search JOIN product ON product.rowid = product_search.rowid
                    WHERE product_search MATCH ? AND product.current = 1 AND product.visible = 1
                    ORDER BY product_search.rank LIMIT 1000
                    """, arguments: [query])
            return .array(
                try rows.map(ProductRow.init(row:)).filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
                    .map { try Registry.json(perHitMetadata(db, of: $0)) })
        }
    }

    /// `Registry.metadata` as it was: one query per relation per product.
    static func perHitMetadata(_ db: any RegistrySession, of product: ProductRow) throws -> ProductMetadata {
        let sources = try FileRow.sources(db, product: product.id)
        func ids(_ sql: String) throws -> [String] { try db.strings(sql, [product.id]) }
        return ProductMetadata(
            id: product.id, name: product.name, description: product.description, metadata: product.metadata,
            uploaded: product.uploaded, updated: product.updated, current: product.current, version: product.version,
            sources: Dictionary(
                uniqueKeysWithValues: sources.map { slug, file in
                    (
                        slug,
                        FileMetadata(
                            id: file.id, name: file.name, description: file.description, uploader: file.uploader,
                            uuid: file.uuid, size: file.size, checksum: file.checksum, slug: slug, available: file.available)
                    )
                }),
            owner: product.owner,
            replaces: try product.replaces.flatMap { try db.strings("SELECT version FROM product WHERE id = ?", [$0]).first },
            readers: product.readers, writers: product.writers,
            childOf: try ids("SELECT parent_id FROM product_link WHERE child_id = ? ORDER BY parent_id"),
            parentOf: try ids("SELECT child_id FROM product_link WHERE parent_id = ? ORDER BY child_id"),
            collections: try ids("SELECT collection_id FROM collection_product WHERE product_id = ? ORDER BY collection_id"),
            pinned: product.pinned)
    }

    /// `products` products of 1-3 versions (some still uploading, so invisible), 0-3 sources each, names from
    /// `words` and `w0`...`w39`, access open to all, to alice, or to its owner only, in collections, some linked.
    static func fill(_ registry: Registry, products: Int, random: inout SeededRandom) async throws {
        var plan: [(name: String, versions: Int, visible: Bool, readers: [String], sources: Int, collections: [Int], parent: Int?)] = []
        for index in 0..<products {
            let nameWords = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                Bool.random(using: &random) ? Self.words.randomElement(using: &random)! : "w\(Int.random(in: 0..<40, using: &random))"
            }
            plan.append(
                (
                    name: (nameWords + ["p\(index)"]).joined(separator: " "), versions: Int.random(in: 1...3, using: &random),
                    visible: Int.random(in: 0..<10, using: &random) > 0,
                    readers: [[], ["public"], ["alice"], ["bob"]].randomElement(using: &random)!,
                    sources: Int.random(in: 0...3, using: &random),
                    collections: (0..<Int.random(in: 0...2, using: &random)).map { _ in Int.random(in: 0..<12, using: &random) },
                    parent: index > 0 && Bool.random(using: &random) ? Int.random(in: 0..<index, using: &random) : nil))
        }
        let fixed = plan
        try await registry.pool.write { db in
            for collection in 0..<12 {
                try CollectionRow(id: Self.id(collection, 99), name: "c\(collection)", description: "", owner: "o", readers: [], writers: [])
                    .insert(db)
            }
            for (index, product) in fixed.enumerated() {
                var previous: String?
                for version in 0..<product.versions {
                    let last = version == product.versions - 1
                    var row = ProductRow(
                        id: Self.id(index, version), name: product.name, description: "d\(index)",
                        metadata: index % 3 == 0
                            ? .object(["metadata_type": .string("simple"), "depth": .double(Double(index % 7) * 0.5), "n": .int(Int64(index))])
                            : .object(["metadata_type": .string("simple")]),
                        uploaded: "2026-01-01T00:00:00.000000", version: "1.\(version).0", owner: "o", replaces: previous,
                        readers: product.readers, writers: [])
                    row.current = last
                    row.visible = !last || product.visible
                    try row.insert(db, created: 0)
                    for slug in 0..<product.sources {
                        var file = FileRow(
                            PreUploadFile(name: "f\(slug).fits", size: Int64(slug), checksum: "xxh64:0000000000000000", description: slug == 1 ? "one" : nil),
                            uploader: "o", partSize: 1 << 20)
                        file.available = slug != 2
                        try file.insert(db)
                        try db.execute(sql: "INSERT INTO source (product_id, slug, file_uuid) VALUES (?, ?, ?)", arguments: [row.id, "s\(slug)", file.uuid])
                    }
                    previous = row.id
                }
                for collection in Set(product.collections) {
                    try db.execute(
                        sql: "INSERT INTO collection_product (collection_id, product_id) VALUES (?, ?)", arguments: [Self.id(collection, 99), previous])
                }
                if let parent = product.parent {
                    try db.execute(
                        sql: "INSERT INTO product_link (child_id, parent_id) VALUES (?, ?)",
                        arguments: [previous, Self.id(parent, fixed[parent].versions - 1)])
                }
            }
        }
    }

    /// A fixed product id: the product's index and its version.
    static func id(_ index: Int, _ version: Int) -> String { ObjectID.hex(UInt64(version), digits: 8) + ObjectID.hex(UInt64(index), digits: 16) }
}

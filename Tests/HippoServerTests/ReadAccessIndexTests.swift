import Foundation
import GRDB
@testable import HippoServer
import SciCore
import SciPostgres
import TestSupport
import Testing

/// The read-access index (`product_reader`) against the access lists it stands for: after every kind of change the
/// two agree, pages found through it list exactly what `Caller.canRead` allows, and an older registry gets it built.
@Suite("The read-access index")
struct ReadAccessIndexTests {
    /// Names that appear in access lists: users with keys, a group no key has, and `public`.
    static let names = ["public", "alice", "bob", "carol", "team"]
    /// Callers the pages are checked for: an admin, readers, a writer without the read scope, anonymous.
    static let callers = [
        Caller.localUser, Caller(name: "alice", scopes: [.read, .write]), Caller(name: "bob", scopes: [.read, .write]),
        Caller(name: "carol", scopes: [.write]), Caller(name: "team", scopes: [.read]), Caller(name: nil, scopes: [.read]),
        Caller(name: nil, scopes: []),
    ]

    @Test("the index says what the lists say after creations, revisions, access changes, owner changes and deletions (SQLite)")
    func agreesWithListsSQLite() async throws {
        let root = try TemporaryDirectory("hippo-readers")
        try await Self.exercise(try Registry(root: root.path, uploadLifetime: 86_400))
    }

    @Test(
        "the index says what the lists say after creations, revisions, access changes, owner changes and deletions (PostgreSQL)",
        .enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
    func agreesWithListsPostgres() async throws {
        let postgres = try PostgresServer()
        let root = try TemporaryDirectory("hippo-readers")
        let store = try PostgresRegistryStore(url: try PostgresRegistryTests.database(postgres))
        try await Self.exercise(try Registry(root: root.path, uploadLifetime: 86_400, database: store))
    }

    /// 150 changes from a fixed seed through the registry's own operations, the index checked after each and the
    /// pages every tenth.
    static func exercise(_ registry: Registry) async throws {
        let keys = APIKeys(pool: registry.pool)
        for name in ["alice", "bob", "carol"] { _ = try keys.add(name: name, scopes: [.read, .write]) }
        var random = SeededRandom(seed: 27)
        var kinds: [String: Int] = [:]
        func subset() -> [String] { names.filter { _ in Int.random(in: 0..<4, using: &random) == 0 } }
        for step in 0..<150 {
            let ids = try await registry.pool.read { db in try db.strings("SELECT id FROM product WHERE visible = 1 ORDER BY id") }
            let current = try await registry.pool.read { db in try db.strings("SELECT id FROM product WHERE current = 1 ORDER BY id") }
            let choice = ids.isEmpty ? 0 : Int.random(in: 0..<10, using: &random)
            switch choice {
            case 0...3:
                let author = [Caller.localUser, callers[1], callers[2], callers[3]].randomElement(using: &random)!
                let request = try decode(
                    CreateProductRequest.self,
                    .object([
                        "name": .string("product \(step)"), "description": "", "sources": .object([:]),
                        "metadata": step % 3 == 0 ? ["metadata_type": "mapset", "pixelisation": "healpix"] : .null,
                        "product_readers": .array(subset().map { .string($0) }), "product_writers": .array(subset().map { .string($0) }),
                    ]))
                _ = try await registry.create(request, caller: author, baseURL: "http://127.0.0.1")
                kinds["create", default: 0] += 1
            case 4...6:
                var change: [String: JSONValue] = [
                    "add_readers": .array(subset().map { .string($0) }), "remove_readers": .array(subset().map { .string($0) }),
                    "add_writers": .array(subset().map { .string($0) }), "remove_writers": .array(subset().map { .string($0) }),
                ]
                if Int.random(in: 0..<4, using: &random) == 0 { change["owner"] = .string(["alice", "bob", "carol"].randomElement(using: &random)!) }
                // Half of them revise too (a new version carrying the lists), on the current version only.
                let revise = !current.isEmpty && Bool.random(using: &random)
                change["level"] = revise ? .int(Int64.random(in: 0...2, using: &random)) : .null
                let id = revise ? current.randomElement(using: &random)! : ids.randomElement(using: &random)!
                _ = try await registry.update(id: id, request: decode(UpdateProductRequest.self, .object(change)), caller: .localUser, baseURL: "http://127.0.0.1")
                kinds[revise ? "revise" : "access", default: 0] += 1
            case 7, 8:
                try await registry.delete(id: ids.randomElement(using: &random)!, caller: .localUser)
                kinds["delete", default: 0] += 1
            default:
                guard let id = current.randomElement(using: &random) else { continue }
                try await registry.deleteTree(id: id, caller: .localUser)
                kinds["delete tree", default: 0] += 1
            }
            let problems = try await disagreements(registry)
            #expect(problems.isEmpty, "after step \(step): \(problems.prefix(5))")
            if !problems.isEmpty { return }
            if step % 10 == 9 { try await expectPagesAgree(registry, after: "step \(step)") }
        }
        #expect(kinds.count == 5 && kinds.values.allSatisfy { $0 >= 5 }, "\(kinds)")
        let products = try await registry.pool.read { db in try db.int("SELECT count(*) FROM product") ?? 0 }
        #expect(products > 20)
    }

    @Test("pages list what canRead allows, whether the caller may read few products (found through the index) or many")
    func pagesFewAndMany() async throws {
        let root = try TemporaryDirectory("hippo-readers")
        let registry = try Registry(root: root.path, uploadLifetime: 86_400)
        var random = SeededRandom(seed: 2_000)
        // `team` reads more than `fewReadable` products, alice and anonymous a few, carol (no read scope) some.
        let many = Registry.fewReadable + 100
        let lists: [[String]] = (0..<(many + 200)).map { index in
            index < many ? ["team"] : [["public"], ["alice"], ["public", "alice"], ["carol"]].randomElement(using: &random)!
        }
        try await registry.pool.write { db in
            for (index, readers) in lists.enumerated() {
                var row = ProductRow(
                    id: SearchTests.id(index, 0), name: "map \(index % 7 == 0 ? "deep" : "wide") p\(index)", description: "",
                    metadata: index % 3 == 0 ? ["metadata_type": "mapset", "pixelisation": index % 2 == 0 ? "healpix" : "cartesian"] : .null,
                    uploaded: "2026-01-01T00:00:00.000000", version: "1.0.0", owner: index % 5 == 0 ? "bob" : "o", replaces: nil,
                    readers: readers, writers: index % 11 == 0 ? ["carol", "public"] : [])
                row.current = index % 13 != 0
                row.visible = index % 17 != 0
                try row.insert(db, created: Double(index))
            }
        }
        #expect(try await Self.disagreements(registry).isEmpty)
        let team = try await registry.pool.read { db in try Registry.readableCount(db, ["public", "team"]) }
        let alice = try await registry.pool.read { db in try Registry.readableCount(db, ["public", "alice"]) }
        #expect(team > Registry.fewReadable && (1...Registry.fewReadable).contains(alice), "both ways of finding readable products are exercised")
        try await Self.expectPagesAgree(registry, after: "filling")
        // Should the index ever open a product its lists keep closed, the lists still have the last word: a
        // carol-only product made to look public in the index is not shown to anonymous on any page.
        let hidden = try #require(lists.indices.first { lists[$0] == ["carol"] && $0 % 13 != 0 && $0 % 17 != 0 && $0 % 11 != 0 })
        try await registry.pool.write { db in
            try db.execute(sql: "INSERT INTO product_reader (product_id, reader) VALUES (?, 'public')", arguments: [SearchTests.id(hidden, 0)])
        }
        let anonymous = Caller(name: nil, scopes: [.read])
        var shown: [String] = []
        for offset in stride(from: 0, to: 400, by: 7) {
            shown += try await registry.browseProducts(ProductFilter(), caller: anonymous, offset: offset, limit: 7).products.map(\.id)
        }
        // (Pages after it may start one product early: the database counted the stray row among those skipped.)
        #expect(shown.count > 50 && !shown.contains(SearchTests.id(hidden, 0)))
    }

    @Test("an older registry opened by this server gets the index built from its lists, once")
    func migration() throws {
        let root = try TemporaryDirectory("hippo-readers")
        let path = root.path + "/registry.sqlite"
        // The registry as the previous release left it: every migration before the index, and products in it.
        let old = try DatabasePool(path: path)
        try RegistryDatabase.migrator.migrate(old, upTo: "web-indexes")
        try old.write { db in
            for (index, lists) in [(["public"], ["admin"]), (["alice"], ["bob", "public"]), ([], []), (["team", "alice"], ["alice"])].enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO product (id, name, description, metadata, uploaded, updated, version, current, visible, owner,
                            replaces, readers, writers, pinned, created) VALUES (?, ?, '', '{}', '', '', '1.0.0', 1, 1, 'o', NULL, ?, ?, 0, 0)
                        """, arguments: [SearchTests.id(index, 0), "p\(index)", ProductRow.json(lists.0), ProductRow.json(lists.1)])
            }
        }
        try old.close()
        let store = try SQLiteRegistryStore(path: path)
        let rows = try store.readNow { db in try db.rows(sql: "SELECT product_id, reader FROM product_reader ORDER BY product_id, reader").map { "\($0[0] as String) \($0[1] as String)" } }
        #expect(rows == [
            "\(SearchTests.id(0, 0)) admin", "\(SearchTests.id(0, 0)) public", "\(SearchTests.id(1, 0)) alice", "\(SearchTests.id(1, 0)) bob",
            "\(SearchTests.id(3, 0)) alice", "\(SearchTests.id(3, 0)) team",
        ])
        #expect(try store.pool.read { db in try RegistryDatabase.migrator.appliedIdentifiers(db) }.contains("product-readers"))
    }

    @Test(
        "an older PostgreSQL registry gets the index built from its lists when a server opens it",
        .enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
    func migrationPostgres() throws {
        let postgres = try PostgresServer()
        let url = try PostgresRegistryTests.database(postgres)
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TABLE hippo_migration (name TEXT PRIMARY KEY)")
        for migration in RegistrySchema.migrations(.postgres).prefix(while: { $0.name != "product-readers" }) {
            for statement in migration.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try connection.execute(statement)
            }
            try connection.execute("INSERT INTO hippo_migration (name) VALUES ($1)", [.text(migration.name)])
        }
        for (index, lists) in [(["public"], ["admin"]), (["alice"], ["bob", "public"]), ([], [])].enumerated() {
            try connection.execute(
                """
                INSERT INTO product (id, name, description, metadata, uploaded, updated, version, current, visible, owner,
                    replaces, readers, writers, pinned, created) VALUES ($1, $2, '', '{}', '', '', '1.0.0', 1, 1, 'o', NULL, $3, $4, 0, 0)
                """, [.text(SearchTests.id(index, 0)), .text("p\(index)"), .text(ProductRow.json(lists.0)), .text(ProductRow.json(lists.1))])
        }
        let store = try PostgresRegistryStore(url: url)
        let rows = try store.readNow { db in try db.rows(sql: "SELECT product_id, reader FROM product_reader ORDER BY product_id, reader").map { "\($0[0] as String) \($0[1] as String)" } }
        #expect(rows == ["\(SearchTests.id(0, 0)) admin", "\(SearchTests.id(0, 0)) public", "\(SearchTests.id(1, 0)) alice", "\(SearchTests.id(1, 0)) bob"])
        // A second server finds the migration done and leaves the index alone.
        _ = try PostgresRegistryStore(url: url)
        #expect(try store.readNow { db in try db.int("SELECT count(*) FROM product_reader") } == 4)
    }

    /// Where the index and the lists disagree: for every product version, the callers the index opens it to (names
    /// from `ProductReaders.names(for:)`) must be those `canRead` lets in, for every caller holding the read scope,
    /// and include them for the others; no row may name a product that is gone.
    static func disagreements(_ registry: Registry) async throws -> [String] {
        try await registry.pool.read { db in
            let products = try ProductRow.all(db.rows(sql: "SELECT * FROM product"))
            var indexed: [String: Set<String>] = [:]
            for row in try db.rows(sql: "SELECT product_id, reader FROM product_reader") { indexed[row[0] as String, default: []].insert(row[1]) }
            var problems: [String] = []
            for product in products {
                let rows = indexed.removeValue(forKey: product.id) ?? []
                for caller in callers + names.map({ Caller(name: $0 == "public" ? nil : $0, scopes: [.read]) }) {
                    let allowed = caller.canRead(readers: product.readers, writers: product.writers)
                    let opened = ProductReaders.names(for: caller).map { !rows.isDisjoint(with: $0) } ?? true
                    if caller.scopes.contains(.read) ? opened != allowed : allowed && !opened {
                        problems.append("\(product.id) (readers \(product.readers), writers \(product.writers)): index \(rows.sorted()), \(caller.name ?? "anonymous") may read: \(allowed)")
                    }
                }
            }
            return problems + indexed.keys.map { "index rows for \($0), which is gone" }
        }
    }

    /// Pages of each filter as each caller sees them against every current product filtered by `canRead`.
    static func expectPagesAgree(_ registry: Registry, after: String) async throws {
        let all = try await registry.pool.read { db in
            try ProductRow.all(db.rows(sql: "SELECT * FROM product WHERE current = 1 AND visible = 1"))
        }
        let filters: [(String, ProductFilter, (ProductRow) -> Bool)] = [
            ("everything", ProductFilter(), { _ in true }),
            ("owner bob", try ProductFilter(text: "", owner: "bob", type: "", fields: [:]), { $0.owner == "bob" }),
            ("healpix mapsets", try ProductFilter(text: "", owner: "", type: "mapset", fields: ["pixelisation": "healpix"]),
             { $0.metadata["metadata_type"] == "mapset" && $0.metadata["pixelisation"] == "healpix" }),
        ]
        for caller in callers {
            for (label, filter, matches) in filters {
                let expected = Set(all.filter { matches($0) && caller.canRead(readers: $0.readers, writers: $0.writers) }.map(\.id))
                let (first, more) = try await registry.browseProducts(filter, caller: caller, offset: 0, limit: 10_000)
                #expect(Set(first.map(\.id)) == expected && first.count == expected.count && !more, "\(label) as \(caller.name ?? "anonymous") after \(after)")
                // A page further on is the same list, cut: nothing readable is skipped or shown twice across pages.
                let (second, _) = try await registry.browseProducts(filter, caller: caller, offset: 3, limit: 4)
                #expect(second.map { $0.id } == first.dropFirst(3).prefix(4).map { $0.id }, "\(label), second page, as \(caller.name ?? "anonymous")")
            }
        }
    }

    /// A request body decoded as the routes decode it.
    static func decode<T: Decodable>(_ type: T.Type, _ json: JSONValue) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.jsonString().utf8))
    }
}

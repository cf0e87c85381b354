import Foundation
@testable import HippoServer
import SciCore
import SciHTTP
import SciPostgres
import SciS3
import TestSupport
import Testing

/// `--database postgresql://…` against a real PostgreSQL: two servers on one registry serve it consistently.
@Suite("The registry in PostgreSQL", .enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
struct PostgresRegistryTests {
    /// A fresh database on `server`, its URL naming the server's password file (never the password: the server refuses that).
    static func database(_ server: PostgresServer) throws -> String {
        let name = "hippo_\(ObjectID.randomHex(bytes: 6))"
        let admin = try PostgresConnection(url: server.url + "&password=\(server.password)")
        try admin.execute("CREATE DATABASE \(name)")
        return try server.url(database: name)
    }

    @Test("sixteen concurrent revisions of one version through two servers leave exactly one current version")
    func concurrentRevisions() async throws {
        let postgres = try PostgresServer()
        let url = try Self.database(postgres)
        let first = try await RunningRegistry { $0.database = url }
        let second = try await RunningRegistry { $0.database = url }
        defer { Task { await first.stop(); await second.stop() } }
        let id = try await first.push(name: "contested map", files: [:])
        // The version's row is held locked until all sixteen revisions are inside their transactions, waiting on it
        // or on each other, so they truly race rather than arriving one after another.
        let holder = try PostgresConnection(url: url)
        try holder.execute("BEGIN")
        try holder.execute("SELECT id FROM product WHERE id = $1 FOR UPDATE", [.text(id)])
        let racing = Task {
            await withTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    let server = index % 2 == 0 ? first : second
                    group.addTask {
                        await server.failure(.post, "/product/\(id)/update", ["level": 2, "description": .string("revision \(index)")]).0
                    }
                }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // Watched from another connection: inside a transaction PostgreSQL keeps showing its first view of the activity.
        let watcher = try PostgresConnection(url: url)
        var waiting: Int64 = 0
        for _ in 0..<600 where waiting < 16 {
            try await Task.sleep(for: .milliseconds(50))
            waiting = try watcher.execute(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            ).first?["n"]?.integer ?? 0
        }
        #expect(waiting == 16, "revisions waiting inside their transactions")
        try holder.execute("COMMIT")
        let outcomes = await racing.value
        #expect(outcomes.filter { $0 == 200 }.count == 1, "\(outcomes.sorted())")
        // The losers are refused: 409 when they raced the winner's commit, 400 when they read it already retired.
        #expect(outcomes.allSatisfy { [200, 400, 409].contains($0) }, "\(outcomes.sorted())")
        for server in [first, second] {
            let tree = try await server.call(.get, "/product/\(id)/tree")
            guard case .object(let versions) = tree["versions"] ?? .null else { Issue.record("no versions"); return }
            #expect(versions.count == 2)
            #expect(versions.values.filter { $0["current"] == .bool(true) }.count == 1)
            #expect(tree["current"] == .string("1.0.1"))
        }
        // The next revision goes through the other server and builds on the winner.
        let winner = try await first.call(.get, "/product/\(id)/tree")["versions"]!["1.0.1"]!["id"]!.stringValue!
        let next = try await second.call(.post, "/product/\(winner)/update", ["level": 1, "description": "after the race"])
        #expect(next["version"] == .string("1.1.0"))
    }

    @Test("a product pushed through one server is read, searched and downloaded through the other; keys are shared")
    func sharedRegistry() async throws {
        let postgres = try PostgresServer()
        let url = try Self.database(postgres)
        let moto = try MotoServer()
        let s3 = S3Configuration(
            endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey)))
        let first = try await RunningRegistry { $0.database = url; $0.blobs = "s3://hippo-shared/files"; $0.s3 = s3 }
        let second = try await RunningRegistry { $0.database = url; $0.blobs = "s3://hippo-shared/files"; $0.s3 = s3 }
        defer { Task { await first.stop(); await second.stop() } }
        let scratch = try TemporaryDirectory()
        let size = S3BlobTests.partSize + 777
        let file = try ProductTests.patternFile(scratch, "beam", size: size)
        let created = try await first.call(
            .put, "/product/new", S3BlobTests.announce("shared beam maps", file: file, fileName: "beam.fits", checksum: PatternData.checksum(size: size).description))
        let id = created["id"]!.stringValue!
        guard case .array(let urls) = created["upload_urls"]!["beam.fits"]! else { Issue.record("no URLs"); return }
        let body = try await S3BlobTests.upload(urls, file: file, name: "beam.fits")
        // Begun on the first server, completed and confirmed on the second: the first is gone by then.
        await first.stop()
        try await second.call(.post, "/product/\(id)/complete", body)
        try await second.call(.post, "/product/\(id)/confirm")

        let third = try await RunningRegistry { $0.database = url; $0.blobs = "s3://hippo-shared/files"; $0.s3 = s3 }
        defer { Task { await third.stop() } }
        let read = try await third.call(.get, "/product/\(id)")
        #expect(read["current"] == .string("1.0.0"))
        let found = try await third.call(.get, "/product/search/map")
        #expect(found.arrayCount == 1)
        let files = try await third.call(.get, "/product/\(id)/files")
        let downloaded = try await HTTPClient(configuration: HTTPClientConfiguration())
            .download(HTTPRequest(.get, files["files"]!["data"]!["url"]!.stringValue!), to: scratch.file("down"))
        #expect(downloaded.checksum == PatternData.checksum(size: size))
        // The second server's key (made in PostgreSQL) is known to the third.
        let keys = try APIKeys(database: url).list().map(\.name)
        #expect(keys.count == 3)
    }

    @Test("collections keep their members' order and search by stemmed words in PostgreSQL too")
    func collectionsAndSearch() async throws {
        let postgres = try PostgresServer()
        let registry = try await RunningRegistry { $0.database = try! Self.database(postgres) }
        defer { Task { await registry.stop() } }
        let ids = try await [
            registry.push(name: "ACT coadd maps", files: [:]), registry.push(name: "Planck beam", files: [:]),
            registry.push(name: "ACT mapping", files: [:]),
        ]
        let collection = try await registry.call(.put, "/relationships/collection/ACT%20maps", ["description": "maps"]).stringValue!
        for id in ids.reversed() { try await registry.call(.put, "/relationships/collection/\(collection)/\(id)") }
        let read = try await registry.call(.get, "/relationships/collection/\(collection)")
        guard case .array(let members) = read["products"] ?? .null else { Issue.record("no products"); return }
        #expect(members.map { $0["id"]!.stringValue! } == ids.reversed())
        let found = try await registry.call(.get, "/product/search/map")
        guard case .array(let hits) = found else { Issue.record("no hits"); return }
        #expect(Set(hits.map { $0["id"]!.stringValue! }) == [ids[0], ids[2]])
        #expect(try await registry.call(.get, "/relationships/collection/search/map").arrayCount == 1)
        // A deleted middle version relinks its successor to its predecessor (one successor each, always).
        let revised = try await registry.call(.post, "/product/\(ids[1])/update", ["level": 2, "description": "v2"])["id"]!.stringValue!
        let third = try await registry.call(.post, "/product/\(revised)/update", ["level": 2, "description": "v3"])["id"]!.stringValue!
        try await registry.call(.delete, "/product/\(revised)")
        let tree = try await registry.call(.get, "/product/\(third)/tree")
        #expect(tree["versions"]?["1.0.2"]?["replaces"] == .string("1.0.0"))
    }
}

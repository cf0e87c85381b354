import Foundation
import SciCore
import SciPostgres
import Testing
import TestSupport

/// Against a real PostgreSQL started for each test (TestSupport's `PostgresServer`).
@Suite(.enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
struct PostgresConnectionTests {
    @Test func connectsWithAURLAndAPasswordAndRunsBtreeGist() throws {
        let server = try PostgresServer()
        let connection = try PostgresConnection(url: server.url + "&password=\(server.password)")
        #expect(connection.isConnected)
        #expect(connection.description == "postgresql://postgres@127.0.0.1:\(server.port)/postgres")
        try connection.execute("CREATE EXTENSION btree_gist")
        try connection.execute("CREATE TABLE spans (id bigint, during int8range, EXCLUDE USING gist (id WITH =, during WITH &&))")
        try connection.execute("INSERT INTO spans VALUES (1, int8range(0, 10))")
        let clash = #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO spans VALUES (1, int8range(5, 15))") }
        #expect(clash?.sqlState == "23P01")
    }

    @Test func everyTypeRoundTripsThroughParametersIncludingNullAndBoundaries() throws {
        let server = try PostgresServer()
        let connection = try PostgresConnection(host: "127.0.0.1", port: server.port, database: "postgres", user: "postgres",
                                                password: server.password, sslMode: "disable")
        try connection.execute("CREATE TABLE items (n bigint, x double precision, s text, b boolean, d bytea, small integer)")
        let rows: [[PostgresValue]] = [
            [.integer(.min), .double(-1.5e-300), .text("ünïcode ✓ 'quoted' \\ back"), .bool(true), .bytes([0, 1, 0xFE, 0xFF]), .integer(-2_147_483_648)],
            [.integer(0), .double(0.1), .null, .null, .null, .null],
            [.integer(.max), .double(.infinity), .text(""), .bool(false), .bytes([]), .integer(2_147_483_647)],
        ]
        for row in rows { try connection.execute("INSERT INTO items VALUES ($1, $2, $3, $4, $5, $6)", row) }
        let read = try connection.execute("SELECT n, x, s, b, d, small FROM items ORDER BY n")
        #expect(read.map(\.values) == rows)
        #expect(read[0].columns == ["n", "x", "s", "b", "d", "small"])
        #expect(read[1]["n"] == .integer(0))
        #expect(read[1]["missing"] == nil)
        let selected = try connection.execute("SELECT count(*) AS c FROM items WHERE n = $1 AND s IS NOT DISTINCT FROM $2", [.integer(.max), .text("")])
        #expect(selected.first?["c"] == .integer(1))
        let nan = try connection.execute("SELECT $1::float8 AS v, 'a1b2c3d4-0000-4000-8000-000000000000'::uuid AS u", [.double(.nan)])
        #expect(nan.first?["v"]?.double?.isNaN == true)
        #expect(nan.first?["u"] == .text("a1b2c3d4-0000-4000-8000-000000000000"))
        #expect(throws: PostgresError.self) { try connection.execute("SELECT $1", [.text("nul\u{0}inside")]) }
    }

    @Test func aFailingStatementRollsTheTransactionBack() throws {
        let server = try PostgresServer()
        let connection = try PostgresConnection(url: server.url + "&password=\(server.password)")
        try connection.execute("CREATE TABLE t (id bigint PRIMARY KEY)")
        try connection.transaction { try connection.execute("INSERT INTO t VALUES ($1)", [.integer(1)]) }
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES ($1)", [.integer(2)])
                try connection.execute("INSERT INTO t VALUES ($1)", [.integer(1)])
            }
        }
        #expect(error?.sqlState == "23505")
        // A body that swallows the failure must not look committed.
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES ($1)", [.integer(3)])
                _ = try? connection.execute("INSERT INTO t VALUES ($1)", [.integer(1)])
            }
        }
        let ids = try connection.execute("SELECT id FROM t ORDER BY id").map { $0["id"] }
        #expect(ids == [.integer(1)])
        #expect(try connection.transaction { try connection.execute("SELECT 7 AS v").first?["v"] } == .integer(7))
        let syntax = #expect(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        #expect(syntax?.description.contains("syntax error") == true)
    }

    @Test func aWrongPasswordIsAClearErrorThatNeverShowsThePassword() throws {
        let server = try PostgresServer()
        let wrong = "Wr0ng-secret-Xyzzy-4242"
        let urls = [server.url + "&password=\(wrong)", "postgresql://postgres:\(wrong)@127.0.0.1:\(server.port)/postgres?sslmode=disable"]
        for url in urls {
            let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }
            let shown = [error.map { "\($0)" }, error?.hint, error.map { "\(SciError.from($0))" }, error.map { String(reflecting: $0) }]
                .compactMap { $0 }.joined(separator: "\n")
            #expect(shown.contains("password authentication failed"))
            #expect(shown.contains("127.0.0.1:\(server.port)"))
            #expect(!shown.contains(wrong))
        }
        // The right password in the URL never shows in the connection's description either.
        let connection = try PostgresConnection(url: "postgresql://postgres:\(server.password)@127.0.0.1:\(server.port)/postgres?sslmode=disable")
        #expect(!"\(connection)".contains(server.password))
        #expect(!String(reflecting: connection).contains(server.password))
    }

    @Test func thePasswordComesFromAPasswordFileOnlyWhenItIsPrivate() throws {
        let server = try PostgresServer()
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("pgpass", "127.0.0.1:\(server.port):*:postgres:\(server.password)\n")
        chmod(file, 0o600)
        let connection = try PostgresConnection(host: "127.0.0.1", port: server.port, user: "postgres", sslMode: "disable", passwordFile: file)
        #expect(try connection.execute("SELECT current_user AS u").first?["u"] == .text("postgres"))
        chmod(file, 0o644)
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(host: "127.0.0.1", port: server.port, user: "postgres", sslMode: "disable", passwordFile: file)
        }
        #expect(error?.description.contains("can be read by others (mode 644)") == true)
        #expect(error?.hint == "chmod 600 \(file)")
        #expect(error?.description.contains(server.password) == false)
    }

    @Test func theServerStoppingMidSessionIsAClearError() throws {
        let server = try PostgresServer()
        let connection = try PostgresConnection(url: server.url + "&password=\(server.password)")
        try connection.execute("CREATE TABLE t (id bigint)")
        server.stop()
        #expect(server.serverPid() == nil)
        let error = #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO t VALUES (1)") }
        #expect(error?.description.contains("lost the connection to PostgreSQL at postgresql://postgres@127.0.0.1:\(server.port)/postgres") == true)
        #expect(error?.hint?.contains("server stopped or restarted") == true)
        #expect(!connection.isConnected)
        let again = #expect(throws: PostgresError.self) { try connection.execute("SELECT 1") }
        #expect(again?.description.contains("lost the connection") == true)
    }

    @Test func aURLThatIsNotOneIsRefusedWithoutEchoingIt() throws {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: "postgresql://u:Secret-Pw-99@host/db?nosuchsetting=1") }
        #expect(error?.description.contains("Secret-Pw-99") == false)
        #expect(error?.description.contains("not a PostgreSQL connection URL") == true)
    }
}

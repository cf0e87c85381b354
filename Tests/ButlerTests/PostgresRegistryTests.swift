@testable import Butler
import Foundation
import SciCore
import SciPostgres
import Testing
import TestSupport

/// A registry on PostgreSQL, against a real server: where butler.yaml says it is, how connection problems read (never
/// with the password), the calibration constraint daf_butler declares, and ingests that fail leaving nothing behind.
@Suite(.enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
struct PostgresRegistryTests {
    /// Runs SQL as the superuser.
    @discardableResult
    static func admin(_ server: PostgresServer, database: String = "postgres", _ sql: String) throws -> [PostgresRow] {
        let connection = try PostgresConnection(
            host: "127.0.0.1", port: server.port, database: database, user: server.user, password: server.password, sslMode: "disable")
        return try connection.execute(sql)
    }

    static func seed(_ url: String, namespace: String = "survey") -> String {
        "registry:\n  db: \"\(url)\"\n  namespace: \(namespace)\n"
    }

    @Test func butlerYamlRecordsTheDatabaseAndSchemaAndTheTablesAreThere() throws {
        let server = try PostgresServer.shared("PostgresRegistryTests")
        let folder = try TemporaryDirectory()
        try Self.admin(server, "CREATE DATABASE yaml_test")
        let url = try server.url(database: "yaml_test")
        let butler = try Butler.create(root: folder.file("repo"), seedConfig: Self.seed(url))
        let yaml = try String(contentsOfFile: folder.file("repo/butler.yaml"), encoding: .utf8)
        #expect(yaml.contains("db: \(url)") && yaml.contains("namespace: survey"))
        #expect(!yaml.contains(server.password))
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo/gen3.sqlite3")))
        let tables = try Self.admin(server, database: "yaml_test", "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'survey' AND table_name IN ('dataset', 'collection', 'exposure')")
        #expect(tables.first?["n"] == .integer(3))
        // Reopened from butler.yaml alone, with what was written.
        try butler.registry.registerCollection("r", type: .run)
        #expect(try Butler(root: folder.file("repo")).registry.collections().map(\.name) == ["r"])
        // A second registry in another schema of the same database is separate; a second create in one is refused.
        let other = try Butler.create(root: folder.file("other"), seedConfig: Self.seed(url, namespace: "other"))
        #expect(try other.registry.collections().isEmpty)
        #expect(errorMessage { try Butler.create(root: folder.file("again"), seedConfig: Self.seed(url)) }?.hasPrefix("a registry already exists at postgresql://") == true)
    }

    @Test func aPasswordInTheURLIsRefusedBeforeAnythingIsMade() throws {
        let folder = try TemporaryDirectory()
        let message = errorMessage {
            try Butler.create(root: folder.file("repo"), seedConfig: Self.seed("postgresql://postgres:s3cret-word@127.0.0.1:5432/postgres"))
        }
        #expect(message == "registry.db holds a password; sci keeps it out of butler.yaml: write postgresql://postgres:***@127.0.0.1:5432/postgres and put the password in PGPASSWORD or ~/.pgpass (mode 0600)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo")))
    }

    @Test func connectionProblemsAreOneClearLineWithoutThePassword() throws {
        let server = try PostgresServer.shared("PostgresRegistryTests")
        let folder = try TemporaryDirectory()
        // A wrong password in the password file.
        let wrong = try folder.writeFile("wrong-pgpass", "127.0.0.1:\(server.port):*:postgres:not-the-Pw-9\n")
        chmod(wrong, 0o600)
        let wrongPassword = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("a"), seedConfig: Self.seed("postgresql://postgres@127.0.0.1:\(server.port)/postgres?sslmode=disable&passfile=\(wrong)"))
        }!)
        #expect(wrongPassword.message.contains("password authentication failed for user \"postgres\""))
        #expect(wrongPassword.hint?.contains("PGPASSWORD") == true)
        #expect(!wrongPassword.message.contains("not-the-Pw-9") && !wrongPassword.message.contains("\n"))
        // A password file others can read is refused with the fix.
        chmod(wrong, 0o644)
        let readable = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("b"), seedConfig: Self.seed("postgresql://postgres@127.0.0.1:\(server.port)/postgres?sslmode=disable&passfile=\(wrong)"))
        }!)
        #expect(readable.message.contains("can be read by others") && readable.hint == "chmod 600 \(wrong)")
        // Nothing listening.
        let port = 1  // a privileged port nothing here listens on
        let unreachable = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("c"), seedConfig: Self.seed("postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable&connect_timeout=5"))
        }!)
        #expect(unreachable.message.hasPrefix("cannot connect to PostgreSQL at postgresql://postgres@127.0.0.1:\(port)/postgres"))
        #expect(unreachable.hint == "is the server running and reachable at that address?")
        // sslmode is libpq's: this server has no TLS, so requiring it fails before any password is sent.
        let tls = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("e"), seedConfig: Self.seed(try server.url().replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")))
        }!)
        #expect(tls.message.contains("server does not support SSL, but SSL was required") && !tls.message.contains(server.password))
        // A database that does not exist.
        let missing = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("d"), seedConfig: Self.seed(try server.url(database: "no_such_db")))
        }!)
        #expect(missing.message.contains("database \"no_such_db\" does not exist"))
        #expect(missing.hint?.hasPrefix("create the database first") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("d/butler.yaml")))
    }

    @Test func aDatabaseWithoutBtreeGistThatCannotMakeItIsRefusedClearly() throws {
        let server = try PostgresServer.shared("PostgresRegistryTests")
        let folder = try TemporaryDirectory()
        // A plain user owning a schema in a database it may not add extensions to.
        try Self.admin(server, "CREATE ROLE plain LOGIN PASSWORD '\(server.password)'")
        try Self.admin(server, "CREATE DATABASE nogist")
        try Self.admin(server, database: "nogist", "CREATE SCHEMA survey AUTHORIZATION plain")
        let url = "postgresql://plain@127.0.0.1:\(server.port)/nogist?sslmode=disable&passfile=\(try server.passwordFile())"
        let pgpass = try folder.writeFile("pgpass", "127.0.0.1:\(server.port):*:plain:\(server.password)\n")
        chmod(pgpass, 0o600)
        let error = SciError.from(#expect(throws: (any Error).self) {
            try Butler.create(root: folder.file("repo"), seedConfig: Self.seed(url.replacingOccurrences(of: try server.passwordFile(), with: pgpass)))
        }!)
        #expect(error.message.hasPrefix("the database has no btree_gist extension, which the registry's calibration constraints need"))
        #expect(error.hint?.contains("CREATE EXTENSION btree_gist") == true)
        #expect(!error.message.contains(server.password))
        // Once a superuser has made it, the same user can make the registry.
        try Self.admin(server, database: "nogist", "CREATE EXTENSION btree_gist")
        let butler = try Butler.create(root: folder.file("repo"), seedConfig: Self.seed(url.replacingOccurrences(of: try server.passwordFile(), with: pgpass)))
        #expect(try butler.registry.collections().isEmpty)
    }

    @Test func overlappingCertificationsAreRefusedByTheExclusionConstraint() throws {
        let folder = try TemporaryDirectory()
        let butler = try CalibrationTests.makeRepository(folder, .postgresql)
        let darks = try butler.registry.queryDatasets("dark", collections: ["darkr1"])
        let first = try Timespan(begin: try CalibrationTests.time("2026-01-01T00:00:00"), end: try CalibrationTests.time("2026-02-01T00:00:00"))
        try butler.registry.certify(darks, into: "calib", validity: first)
        // The constraint itself holds, whatever the registry checks first: a row written past it is refused.
        let error = #expect(throws: PostgresError.self) {
            try butler.registry.write { db in
                let table = try butler.registry.requireDatasetType("dark", db: db).calibsTable
                try db.execute(
                    "INSERT INTO \(table) (dataset_type_id, dataset_id, collection_id, instrument, detector, timespan_begin, timespan_end) "
                        + "SELECT dataset_type_id, dataset_id, collection_id, instrument, detector, timespan_begin + 1, timespan_end FROM \(table)")
            }
        }
        #expect(error?.sqlState == "23P01")
        // Through the registry the same overlap reads as on SQLite.
        #expect(errorMessage { try butler.registry.certify([darks[0]], into: "calib", validity: first) }?.contains("is already certified in 'calib'") == true)
        #expect(try butler.registry.calibrations("dark", in: "calib").count == 2)
    }

    @Test func aServerRestartedBetweenCallsIsReconnectedTo() throws {
        // A server of its own: restarting the suite's would cut the other tests' connections.
        let server = try PostgresServer()
        let folder = try TemporaryDirectory()
        let butler = try Butler.create(root: folder.file("repo"), seedConfig: Self.seed(try server.url()))
        try butler.registry.registerCollection("before", type: .run)
        try server.restart()
        try butler.registry.registerCollection("after", type: .run)
        #expect(try butler.registry.collections().map(\.name) == ["after", "before"])
    }

    @Test func anIngestFailingHalfwayLeavesNoRowsAndNoFiles() throws {
        let folder = try TemporaryDirectory()
        let butler = try RepositoryStoryTests.makeRepository(folder, .postgresql)
        try butler.registry.registerDatasetType(
            DatasetType(name: "note", dimensions: ["instrument", "observation", "detector"], storageClass: "Text"))
        var files: [FileToIngest] = []
        for observation in 1...1250 {
            for detector in 1...2 {
                let path = try folder.writeFile("n_\(observation)_\(detector).txt", "\(observation) \(detector)\n")
                files.append(FileToIngest(path: path, dataId: ["instrument": "SPHEREx", "observation": .int(Int64(observation)), "detector": .int(Int64(detector))]))
            }
        }
        // The last file's dataset exists already (same deterministic id, in another RUN): the ingest of 2,500 files
        // fails in its third batch, after two were written.
        try butler.ingest([files[2499]], datasetType: "note", run: "first", transfer: .copy, idGeneration: .dataIdType, createRecords: true)
        let message = errorMessage {
            try butler.ingest(files, datasetType: "note", run: "second", transfer: .copy, idGeneration: .dataIdType, createRecords: true)
        }
        #expect(message?.hasPrefix("dataset id ") == true && message?.hasSuffix(" already exists in the repository") == true)
        #expect(errorMessage { try butler.registry.collection("second") } == "collection 'second' does not exist")
        #expect(try butler.registry.queryDimensionRecords("observation").count == 1)
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/second"))
        // The same ingest without the conflict then goes through whole.
        try butler.ingest(Array(files[0..<2499]), datasetType: "note", run: "second", transfer: .copy, idGeneration: .dataIdType, createRecords: true)
        #expect(try butler.registry.queryDatasets("note", collections: ["second"], where: "observation > 1000").count == 499)
    }
}

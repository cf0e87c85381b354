@testable import Butler
import Crypto
import Foundation
import SciCore
import SciFITS
import SciS3
import Testing
import TestSupport

/// The datastore in S3, against a real local S3 (moto_server, started per test and stopped by pid): ingest in every
/// transfer mode S3 allows, put/get, retrieve-artifacts, prune and remove-runs, repositories rooted in S3, and failed
/// or killed ingests that leave neither registry rows nor objects behind.
@Suite(.enabled(if: MotoServer.isInstalled, "needs moto: `make test` installs it in ~/.cache/sci/peers/s3"))
struct S3DatastoreTests {
    /// The bucket every test uses (each test has its own moto).
    static let bucket = "sci-butler"

    /// How to reach `moto`; `configure` changes part sizes and the like.
    static func s3(_ moto: MotoServer, configure: (inout S3Configuration) -> Void = { _ in }) -> S3Configuration {
        var configuration = S3Configuration(
            endpoint: moto.endpoint,
            credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey)))
        configure(&configuration)
        return configuration
    }

    /// A moto with the bucket made, and a client for looking at what the butler stored.
    static func store(authenticated: Bool = false, configure: (inout S3Configuration) -> Void = { _ in }) throws
        -> (MotoServer, S3Configuration, S3Client)
    {
        let moto = try MotoServer(authenticated: authenticated)
        let configuration = s3(moto, configure: configure)
        let client = S3Client(configuration: configuration)
        try BlockingBridge.run { try await client.createBucket(bucket) }
        return (moto, configuration, client)
    }

    /// The keys under `prefix`, the folder markers left out.
    static func keys(_ client: S3Client, under prefix: String) throws -> [String] {
        try BlockingBridge.run { try await client.list(S3Location(bucket: bucket, key: prefix)) }.map(\.key).filter { !$0.hasSuffix("/") }
    }

    /// A local repository (the SPHEREx universe, one instrument, two detectors, `rawexp` and `note`) whose datastore is
    /// `s3://sci-butler/data`.
    static func makeRepository(_ folder: TemporaryDirectory, _ s3: S3Configuration, root: String = "s3://sci-butler/data") throws -> Butler {
        let seed = RepositoryStoryTests.seed + "\n  root: \(root)\n"
        let butler = try Butler.create(
            root: folder.file("repo"), seedConfig: seed, universe: try DimensionUniverse(yaml: spherexDimensions), s3: s3)
        try fill(butler)
        return butler
    }

    static func fill(_ butler: Butler) throws {
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx"), "detector_max": .int(6)]])
        try butler.registry.insertDimensionRecords(
            "detector", (1...2).map { ["instrument": .string("SPHEREx"), "id": .int($0), "full_name": .string("D\($0)")] })
        try butler.registry.registerDatasetType(
            DatasetType(name: "rawexp", dimensions: ["instrument", "observation", "detector"], storageClass: "SPHERExImage"))
        try butler.registry.registerDatasetType(
            DatasetType(name: "note", dimensions: ["instrument", "observation", "detector"], storageClass: "Text"))
    }

    /// Text files for observations × detectors 1…2, with their data IDs.
    static func notes(_ folder: TemporaryDirectory, _ name: String, observations: ClosedRange<Int>) throws -> [FileToIngest] {
        try FileManager.default.createDirectory(atPath: folder.file(name), withIntermediateDirectories: true)
        return try observations.flatMap { observation in
            try (1...2).map { detector in
                let path = try folder.writeFile("\(name)/n_\(observation)_\(detector).txt", "note \(observation) \(detector)\n")
                return FileToIngest(path: path, dataId: ["instrument": "SPHEREx", "observation": .int(Int64(observation)), "detector": .int(Int64(detector))])
            }
        }
    }

    static func md5(_ path: String) throws -> String {
        Insecure.MD5.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func ingestGetPutRetrieveAndRemoveInS3() throws {
        let (moto, configuration, client) = try Self.store()
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, configuration)
        #expect(butler.config.datastoreRoot == "s3://sci-butler/data")
        let raws = try RepositoryStoryTests.makeImages(folder, prefix: "raw", observations: 1...3)
        let refs = try butler.ingest(RepositoryStoryTests.files(raws), datasetType: "rawexp", run: "rawexpr", transfer: .copy, createRecords: true)
        #expect(refs.count == 6)
        // The same relative paths as in a folder, as keys under the root; each object's ETag is its file's MD5.
        #expect(refs[0].path == "rawexpr/rawexp/1/rawexp_SPHEREx_000001_1_rawexpr.fits")
        #expect(try Self.keys(client, under: "data/") == refs.map { "data/" + $0.path! }.sorted())
        let head = try #require(try BlockingBridge.run { try await client.head(S3Location(bucket: Self.bucket, key: "data/" + refs[0].path!)) })
        #expect(head.etag == (try Self.md5(raws[0])))
        #expect(try butler.uri(of: refs[0]) == "s3://sci-butler/data/rawexpr/rawexp/1/rawexp_SPHEREx_000001_1_rawexpr.fits")
        #expect(try butler.path(of: refs[0]) == butler.uri(of: refs[0]))
        // The local files stay (copy), and the repository folder holds no dataset file.
        #expect(FileManager.default.fileExists(atPath: raws[0]))
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo/rawexpr")))

        // get reads through the formatter from the object.
        #expect(try butler.get("rawexp", dataId: ["instrument": "SPHEREx", "observation": 2, "detector": 1], collections: ["rawexpr"])
            == .image(FITSImage<Double>(width: 4, height: 3, repeating: 21)))

        // put writes an object; get reads it back; a reopened repository finds it.
        try butler.registry.registerDatasetType(DatasetType(name: "summary", dimensions: ["instrument", "detector"], storageClass: "StructuredDataDict"))
        let value: JSONValue = .object(["mean": .double(1.5), "n": .int(3)])
        let put = try butler.put(.structured(value), datasetType: "summary", dataId: ["instrument": "SPHEREx", "detector": 1], run: "stats")
        let reopened = try Butler(root: butler.root, s3: configuration)
        #expect(try reopened.get(put) == .structured(value))
        #expect(try reopened.registry.queryDatasets("summary", collections: ["stats"], paths: true).first?.path == put.path)

        // retrieve-artifacts downloads byte-identical files, keeping the paths.
        let out = try reopened.retrieveArtifacts(refs, to: folder.file("out"))
        #expect(out.count == 6 && out[0] == Butler.absolute(folder.file("out/" + refs[0].path!)))
        for (copy, original) in zip(out, raws) { #expect(FileManager.default.contentsEqual(atPath: copy, andPath: original)) }

        // prune deletes the object; remove-runs the RUN's objects; the rest stays.
        try reopened.pruneDatasets([refs[0]])
        #expect(try !Self.keys(client, under: "data/").contains("data/" + refs[0].path!))
        try reopened.removeRuns(["rawexpr"])
        #expect(try Self.keys(client, under: "data/") == ["data/" + put.path!])
        #expect(try reopened.registry.queryDatasets("rawexp", collections: ["stats"]).isEmpty)
    }

    @Test func manyFilesTravelAtOnceAndLargeOnesInParts() throws {
        let (moto, configuration, client) = try Self.store {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
        }
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, configuration)
        let files = try Self.notes(folder, "many", observations: 1...150)
        let refs = try butler.ingest(files, datasetType: "note", run: "n", transfer: .auto, idGeneration: .dataIdTypeRun, createRecords: true)
        #expect(refs.count == 300)
        #expect(try Self.keys(client, under: "data/n/").count == 300)
        #expect(try butler.get(refs[299]) == .text("note 150 2\n"))

        // An 11 MiB file goes up in three parts; its ETag is S3's multipart form and the download is checked against it.
        var random = SeededRandom(seed: 23)
        let big = try folder.write(Data((0..<(11 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }), to: "big.txt")
        let bigRef = try butler.ingest(
            [FileToIngest(path: big, dataId: ["instrument": "SPHEREx", "observation": 999, "detector": 1])], datasetType: "note", run: "big",
            transfer: .copy, createRecords: true)[0]
        let head = try #require(try BlockingBridge.run { try await client.head(S3Location(bucket: Self.bucket, key: "data/" + bigRef.path!)) })
        #expect(head.etag.hasSuffix("-3") && head.size == 11 << 20)
        let out = try butler.retrieveArtifacts([bigRef], to: folder.file("out"))
        #expect(FileManager.default.contentsEqual(atPath: out[0], andPath: big))
    }

    @Test func transferModesIntoS3() throws {
        let (moto, configuration, client) = try Self.store()
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, configuration)
        let files = try Self.notes(folder, "in", observations: 1...1)

        // Links are impossible in S3: refused before anything is written.
        for mode in [TransferMode.link, .symlink, .relsymlink, .hardlink] {
            #expect(errorMessage { try butler.ingest(files, datasetType: "note", run: "l", transfer: mode, createRecords: true) }
                == "cannot \(mode.rawValue) files into the datastore at s3://sci-butler/data: an S3 store has no links; use --transfer copy, move, direct or auto")
        }
        #expect(try butler.registry.collections().isEmpty)

        // move: the local source goes once the ingest has committed.
        try butler.ingest(files, datasetType: "note", run: "moved", transfer: .move, createRecords: true)
        #expect(!FileManager.default.fileExists(atPath: files[0].path))
        #expect(try Self.keys(client, under: "data/moved/").count == 2)

        // Objects already in the store: direct records their URIs (and remove-runs leaves them); auto uses one under
        // the root in place; copy (and auto from elsewhere) copies inside the store.
        let outside = S3Location(bucket: Self.bucket, key: "incoming/n_7_1.txt")
        let inside = S3Location(bucket: Self.bucket, key: "data/incoming/n_7_2.txt")
        try BlockingBridge.run {
            try await client.put(Data("seven one\n".utf8), at: outside)
            try await client.put(Data("seven two\n".utf8), at: inside)
        }
        let remote = [
            FileToIngest(path: outside.description, dataId: ["instrument": "SPHEREx", "observation": 7, "detector": 1]),
            FileToIngest(path: inside.description, dataId: ["instrument": "SPHEREx", "observation": 7, "detector": 2]),
        ]
        let direct = try butler.ingest(remote, datasetType: "note", run: "direct", transfer: .direct, createRecords: true)
        #expect(direct.map(\.path) == [outside.description, inside.description])
        #expect(try butler.get(direct[0]) == .text("seven one\n"))
        try butler.removeRuns(["direct"])
        #expect(try Self.keys(client, under: "incoming/") == ["incoming/n_7_1.txt"])

        let auto = try butler.ingest(remote, datasetType: "note", run: "auto", transfer: .auto, createRecords: true)
        #expect(auto[1].path == "incoming/n_7_2.txt")
        #expect(auto[0].path == "auto/note/7/note_SPHEREx_000007_1_auto.txt")
        #expect(try butler.get(auto[0]) == .text("seven one\n"))
        #expect(try Self.keys(client, under: "incoming/") == ["incoming/n_7_1.txt"])

        // An object path that is not in the store fails the ingest with its name.
        let missing = [FileToIngest(path: "s3://sci-butler/incoming/none.txt", dataId: ["instrument": "SPHEREx", "observation": 8, "detector": 1])]
        #expect(errorMessage { try butler.ingest(missing, datasetType: "note", run: "m", transfer: .direct, createRecords: true) }
            == "no object at s3://sci-butler/incoming/none.txt to ingest")
    }

    @Test func aFailedIngestLeavesNoRowsAndNoObjectsAndKeepsWhatWasThere() throws {
        let (moto, configuration, client) = try Self.store {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
        }
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, configuration)
        var files = try Self.notes(folder, "in", observations: 1...40)
        // A large file whose destination is already taken by an object no dataset owns: its multipart upload is
        // refused at completion and aborted; the object is kept; every other object of the ingest is removed.
        var random = SeededRandom(seed: 5)
        let big = try folder.write(Data((0..<(6 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }), to: "big.txt")
        files.append(FileToIngest(path: big, dataId: ["instrument": "SPHEREx", "observation": 41, "detector": 1]))
        let taken = S3Location(bucket: Self.bucket, key: "data/r/note/41/note_SPHEREx_000041_1_r.txt")
        try BlockingBridge.run { try await client.put(Data("not yours\n".utf8), at: taken) }
        #expect(errorMessage { try butler.ingest(files, datasetType: "note", run: "r", transfer: .copy, createRecords: true) }
            == "cannot store \(Butler.absolute(big)): \(taken) already exists and is kept; fix the file template, or remove that object if no dataset uses it")
        #expect(try Self.keys(client, under: "data/") == [taken.key])
        #expect(try BlockingBridge.run { try await client.data(at: taken) } == Data("not yours\n".utf8))
        #expect(try BlockingBridge.run { try await client.multipartUploads(S3Location(bucket: Self.bucket, key: "data/")) }.isEmpty)
        #expect(try butler.registry.collections().isEmpty)

        // A source that cannot be read: nothing stays either.
        try BlockingBridge.run { try await client.delete(taken) }
        files[3] = FileToIngest(path: folder.file("in/none.txt"), dataId: files[3].dataId)
        #expect(errorMessage { try butler.ingest(files, datasetType: "note", run: "r", transfer: .copy, createRecords: true) } != nil)
        #expect(try Self.keys(client, under: "data/").isEmpty)
        #expect(try butler.registry.collections().isEmpty)

        // Re-ingesting data IDs already stored fails on the registry and never touches the stored objects.
        files[3] = try Self.notes(folder, "again", observations: 2...2)[1]
        let stored = try butler.ingest(Array(files[..<10]), datasetType: "note", run: "r", transfer: .copy, createRecords: true)
        #expect(errorMessage { try butler.ingest(Array(files[..<10]), datasetType: "note", run: "r", transfer: .copy, createRecords: true) }?
            .contains("already exists in RUN 'r'") == true)
        #expect(try Self.keys(client, under: "data/") == stored.map { "data/" + $0.path! }.sorted())
        #expect(try butler.get(stored[0]) == .text("note 1 1\n"))
    }

    @Test func openingCleansUpAfterAKilledIngest() throws {
        let (moto, configuration, client) = try Self.store()
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, configuration)
        let kept = try butler.ingest(try Self.notes(folder, "in", observations: 1...1), datasetType: "note", run: "r", transfer: .copy, createRecords: true)
        // What a killed ingest leaves: an object no registry row names, a multipart upload never completed, and the
        // journal naming both, unlocked.
        let orphan = "r/note/9/orphan.txt", unfinished = "r/note/9/unfinished.txt"
        try BlockingBridge.run {
            try await client.put(Data("x".utf8), at: S3Location(bucket: Self.bucket, key: "data/" + orphan))
            _ = try await client.startMultipartUpload(S3Location(bucket: Self.bucket, key: "data/" + unfinished))
        }
        try IngestJournal(folder: butler.root + "/.butler/ingest", paths: [orphan, unfinished, kept[0].path!]).abandon()
        _ = try Butler(root: butler.root, s3: configuration)
        #expect(try Self.keys(client, under: "data/") == kept.map { "data/" + $0.path! }.sorted())
        #expect(try BlockingBridge.run { try await client.multipartUploads(S3Location(bucket: Self.bucket, key: "data/")) }.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: butler.root + "/.butler/ingest").isEmpty)
    }

    @Test func aRepositoryRootedInS3() throws {
        let (moto, configuration, client) = try Self.store()
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        // The registry must be elsewhere: refused before anything is written.
        #expect(errorMessage { try Butler.create(root: "s3://sci-butler/repo", s3: configuration) }
            == "a repository at s3://sci-butler/repo keeps its registry elsewhere: set registry.db to sqlite:////ABSOLUTE/PATH/gen3.sqlite3 (or a PostgreSQL database) in the seed config")
        #expect(try Self.keys(client, under: "").isEmpty)

        let seed = RepositoryStoryTests.seed + "\nregistry:\n  db: sqlite:///\(folder.file("registry/gen3.sqlite3"))\n"
        let butler = try Butler.create(root: "s3://sci-butler/repo/", seedConfig: seed, universe: try DimensionUniverse(yaml: spherexDimensions), s3: configuration)
        #expect(butler.root == "s3://sci-butler/repo")
        let yaml = String(decoding: try BlockingBridge.run { try await client.data(at: S3Location(bucket: Self.bucket, key: "repo/butler.yaml")) }, as: UTF8.self)
        #expect(yaml.contains("db: sqlite:///\(folder.file("registry/gen3.sqlite3"))") && yaml.contains("root: <butlerRoot>"))
        try Self.fill(butler)
        let refs = try butler.ingest(try Self.notes(folder, "in", observations: 1...2), datasetType: "note", run: "r", transfer: .auto, createRecords: true)
        #expect(try Self.keys(client, under: "repo/") == (["repo/butler.yaml"] + refs.map { "repo/" + $0.path! }).sorted())

        let reopened = try Butler(root: "s3://sci-butler/repo", s3: configuration)
        #expect(try reopened.get(refs[3]) == .text("note 2 2\n"))
        #expect(throws: ButlerError.repository("a repository already exists at s3://sci-butler/repo")) {
            try Butler.create(root: "s3://sci-butler/repo", seedConfig: seed, s3: configuration)
        }
        #expect(errorMessage { try Butler(root: "s3://sci-butler/none", s3: configuration) } == "no butler repository at s3://sci-butler/none (no butler.yaml)")
    }

    @Test func aWrongSecretFailsWithAHintAndNeverShowsTheSecret() throws {
        let (moto, configuration, _) = try Self.store(authenticated: true)
        defer { moto.stop() }
        let folder = try TemporaryDirectory()
        var wrong = configuration
        wrong.credentials.secretAccessKey = Secret("wrong-secret-\(moto.secretAccessKey.prefix(6))-do-not-print")
        var message = ""
        do { _ = try Self.makeRepository(folder, wrong) } catch { message = SciError.from(error).description }
        #expect(message.contains("SignatureDoesNotMatch") && message.contains("check AWS_SECRET_ACCESS_KEY"))
        #expect(!message.contains("do-not-print") && !message.contains(moto.secretAccessKey))
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo")))
        // The right key works against the same server.
        let butler = try Self.makeRepository(folder, configuration)
        #expect(try butler.ingest(try Self.notes(folder, "in", observations: 1...1), datasetType: "note", run: "r", transfer: .copy, createRecords: true).count == 2)
    }

    @Test func configurationKeysAndRefusals() throws {
        // Roots that are neither the repository nor S3 are refused, never ignored.
        #expect(errorMessage { try ButlerConfig(yaml: "datastore:\n  root: gs://bucket/x\n") }
            == "datastore.root gs://bucket/x is not supported: sci keeps the datastore's files in the repository (<butlerRoot>) or in S3 (s3://bucket/prefix)")
        #expect(errorMessage { try ButlerConfig(yaml: "datastore:\n  root: s3://B/x\n") }?.hasPrefix("datastore.root: 'B' in s3://B/x is not a valid bucket name") == true)
        let config = try ButlerConfig(yaml: "datastore:\n  root: s3://bucket/x\nregistry:\n  db: sqlite:////data/reg.sqlite3\n")
        #expect(config.datastoreRoot == "s3://bucket/x" && config.registryFile == "/data/reg.sqlite3")
        #expect(try ButlerConfig(yaml: config.yaml) == config)
        // Other URI schemes as a repository are still refused without making a folder.
        #expect(throws: ButlerError.self) { try Butler.create(root: "gs://bucket/repo") }
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/gs:"))
    }
}

import Foundation
@testable import HippoServer
import SciCore
import SciHTTP
import TestSupport
import Testing

@Suite("Products over HTTP")
struct ProductTests {
    /// Writes `size` pattern bytes to a file in `folder`.
    static func patternFile(_ folder: TemporaryDirectory, _ name: String, size: Int64, offset: Int64 = 0) throws -> String {
        let path = folder.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try PatternData.forEachSlice(offset: offset, count: size) { try handle.write(contentsOf: Data($0)) }
        try handle.close()
        return path
    }

    @Test("create, upload parts, complete, read, files, download whole and by range")
    func fullFlow() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let map = try Self.patternFile(scratch, "map.fits", size: 10_000)
        let id = try await registry.push(
            name: "ACT DR6 coadd map", files: ["map": map],
            metadata: .object(["metadata_type": .string("mapset"), "pixelisation": .string("healpix")]))
        #expect(ObjectID.isValid(id))

        let read = try await registry.call(.get, "/product/\(id)")
        #expect(read["current_present"] == .bool(true))
        #expect(read["requested"] == .string("1.0.0"))
        let version = read["versions"]?["1.0.0"]
        #expect(version?["name"] == .string("ACT DR6 coadd map"))
        #expect(version?["metadata"]?["pixelisation"] == .string("healpix"))
        #expect(version?["metadata"]?["telescope"] == .null)
        #expect(version?["sources"]?["map"]?["size"] == .int(10_000))
        #expect(version?["replaces"] == .null)

        let files = try await registry.call(.get, "/product/\(id)/files")
        let url = try #require(files["files"]?["map"]?["url"]?.stringValue)
        #expect(files["files"]?["map"]?["object_name"]?.stringValue?.hasSuffix("/map.fits") == true)

        let whole = try await registry.client.download(
            HTTPRequest(.get, url), to: scratch.file("whole"), expected: try Checksum.xxh64(ofFileAt: map))
        #expect(whole.size == 10_000)
        // The slug route redirects to the same file.
        let viaSlug = try await registry.client.send(HTTPRequest(.get, registry.baseURL + "/product/\(id)/map"))
        #expect(viaSlug.body.count == 10_000)

        var ranged = HTTPRequest(.get, url)
        ranged.headers["Range"] = "bytes=100-199"
        let part = try await registry.client.send(ranged)
        #expect(part.status == 206)
        #expect(part.headers["Content-Range"] == "bytes 100-199/10000")
        #expect(Array(part.body) == Array(try Data(contentsOf: URL(fileURLWithPath: map))[100..<200]))
        ranged.headers["Range"] = "bytes=-10"
        #expect(try await registry.client.send(ranged).body.count == 10)

        let search = try await registry.call(.get, "/product/search/coadd")
        #expect(search.arrayCount == 1)
        #expect(try await registry.call(.get, "/product/search/nothing").arrayCount == 0)
        // The same name cannot be created twice.
        #expect(await registry.failure(.put, "/product/new", .object(["name": .string("ACT DR6 coadd map"), "description": .string("x")])).0 == 409)
    }

    @Test("update at each level, diff, tree, older versions readable, delete")
    func revisions() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let first = try Self.patternFile(scratch, "beam.txt", size: 5000)
        let id = try await registry.push(name: "Daynight beam", files: ["data": first], metadata: .object(["metadata_type": .string("beam")]))

        let diff = try await registry.call(.post, "/product/\(id)/diff", .object(["name": .string("Night beam"), "level": .int(0)]))
        #expect(diff["name"] == .array([.string("Daynight beam"), .string("Night beam")]))
        #expect(diff["version"] == .array([.string("1.0.0"), .string("2.0.0")]))

        // Major with a replaced source: invisible until completed.
        let second = try Self.patternFile(scratch, "beam2.txt", size: 9000, offset: 7)
        let major = try await registry.call(
            .post, "/product/\(id)/update",
            .object([
                "level": .int(0), "description": .string("second"), "multipart_batch_size": .int(4096),
                "replace_sources": .object([
                    "data": .object([
                        "name": .string("beam2.txt"), "size": .int(9000),
                        "checksum": .string(try Checksum.xxh64(ofFileAt: second).description),
                    ])
                ]),
            ]))
        #expect(major["version"] == .string("2.0.0"))
        let majorID = try #require(major["id"]?.stringValue)
        #expect(await registry.failure(.get, "/product/\(majorID)").0 == 404)
        guard case .object(let urls) = major["upload_urls"]! else { Issue.record("no urls"); return }
        #expect(urls["beam2.txt"]?.arrayCount == 3)
        try await registry.call(.post, "/product/\(majorID)/complete", try await registry.uploadParts(urls, files: ["beam2.txt": second], partSize: 4096))

        // Minor and patch with metadata only: visible at once.
        let minor = try await registry.call(.post, "/product/\(majorID)/update", .object(["level": .int(1), "metadata": .object(["metadata_type": .string("beam"), "telescope": .string("ACT")])]))
        #expect(minor["version"] == .string("2.1.0"))
        let patch = try await registry.call(.post, "/product/\(minor["id"]!.stringValue!)/update", .object(["level": .int(2)]))
        #expect(patch["version"] == .string("2.1.1"))
        let patchID = patch["id"]!.stringValue!

        let old = try await registry.call(.get, "/product/\(id)")
        #expect(old["current_present"] == .bool(false))
        #expect(old["current"] == .null)
        #expect(old["versions"]?["1.0.0"]?["sources"]?["data"]?["size"] == .int(5000))
        let tree = try await registry.call(.get, "/product/\(id)/tree")
        #expect(tree["current"] == .string("2.1.1"))
        #expect(tree["versions"]?.objectKeys == ["1.0.0", "2.0.0", "2.1.0", "2.1.1"])
        #expect(tree["versions"]?["2.1.1"]?["replaces"] == .string("2.1.0"))
        #expect(tree["versions"]?["2.1.1"]?["metadata"]?["telescope"] == .string("ACT"))
        #expect(tree["versions"]?["2.1.1"]?["sources"]?["data"]?["size"] == .int(9000))
        // Only the current version may be revised.
        #expect(await registry.failure(.post, "/product/\(id)/update", .object(["level": .int(1)])).0 == 400)

        // Deleting the current version makes its predecessor current.
        try await registry.call(.delete, "/product/\(patchID)")
        #expect(try await registry.call(.get, "/product/\(id)/tree")["current"] == .string("2.1.0"))
        try await registry.call(.delete, "/product/\(minor["id"]!.stringValue!)/tree")
        #expect(await registry.failure(.get, "/product/\(id)").0 == 404)
        let blobs = try FileManager.default.subpathsOfDirectory(atPath: registry.root.path + "/blobs").filter { $0.contains("-") }
        #expect(blobs.isEmpty)
    }

    @Test("checksum mismatch, bad ids, slugs, names and JSON are 4xx with a message")
    func rejections() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let file = try Self.patternFile(scratch, "a.bin", size: 3000)
        func create(_ name: String, slug: String = "data", fileName: String = "a.bin", checksum: String = "xxh64:0000000000000000", metadata: JSONValue = .null) -> JSONValue {
            .object([
                "name": .string(name), "description": .string("d"), "metadata": metadata, "multipart_batch_size": .int(1024),
                "sources": .object([slug: .object(["name": .string(fileName), "size": .int(3000), "checksum": .string(checksum)])]),
            ])
        }
        let created = try await registry.call(.put, "/product/new", create("wrong checksum"))
        let id = created["id"]!.stringValue!
        guard case .object(let urls) = created["upload_urls"]! else { Issue.record("no urls"); return }
        let (code, detail) = await registry.failure(.post, "/product/\(id)/complete", try await registry.uploadParts(urls, files: ["a.bin": file], partSize: 1024))
        #expect(code == 400)
        #expect(detail.contains("checksum mismatch"))
        #expect(await registry.failure(.get, "/product/\(id)").0 == 404)
        #expect(try FileManager.default.contentsOfDirectory(atPath: registry.root.path + "/uploads").isEmpty)

        #expect(await registry.failure(.put, "/product/new", create("bad slug", slug: "coadd")).0 == 400)
        #expect(await registry.failure(.put, "/product/new", create("path", fileName: "../x")).0 == 400)
        #expect(await registry.failure(.put, "/product/new", create("checksum", checksum: "test_checksum")).0 == 422)
        #expect(await registry.failure(.put, "/product/new", create("meta", metadata: .object(["metadata_type": .string("mapset")]))).0 == 422)
        #expect(await registry.failure(.put, "/product/new", create("camera", metadata: .object(["metadata_type": .string("camera"), "date": .string("2024-01-01T00:00:00")]))).0 == 400)
        #expect(await registry.failure(.get, "/product/nothex").0 == 422)
        #expect(await registry.failure(.get, "/product/0123456789abcdef01234567").0 == 404)
        await #expect(throws: HTTPError.status(code: 422, bodyExcerpt: #"{"detail":"malformed request body: $: The given data was not valid JSON."}"#, url: registry.baseURL + "/product/new")) {
            try await registry.client.send(HTTPRequest(.put, registry.baseURL + "/product/new", body: Data("{bad".utf8)))
        }
    }

    @Test("keys: writes need a key, read-only keys cannot write, --public reads, --auth none acts as test_user")
    func access() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let anonymous = HTTPClient(configuration: { var c = HTTPClientConfiguration(); c.retry = .none; return c }())
        let anonymous403 = await errorMessage { try await anonymous.send(HTTPRequest(.get, registry.baseURL + "/product/search/x")) }
        #expect(anonymous403?.hasSuffix(#"/product/search/x denied access (HTTP 403): {"detail":"this needs an API key (send Authorization: Bearer KEY)"}"#) == true)
        let reader = try APIKeys(root: registry.root.path).add(name: "reader", scopes: [.read])
        var readOnly = HTTPClientConfiguration()
        readOnly.authenticator = BearerToken(reader)
        readOnly.retry = .none
        let readClient = HTTPClient(configuration: readOnly)
        #expect(try await readClient.send(HTTPRequest(.get, registry.baseURL + "/product/search/x")).status == 200)
        let write = HTTPRequest.json(.put, registry.baseURL + "/product/new", body: JSONValue.object(["name": .string("n"), "description": .string("d")]))
        do {
            _ = try await readClient.send(write)
            Issue.record("a read-only key wrote")
        } catch HTTPError.status(let code, _, _) { #expect(code == 403) }
        let stored = try String(contentsOfFile: registry.root.path + "/registry.sqlite", encoding: .isoLatin1)
        #expect(!stored.contains(reader.reveal()))

        let open = try await RunningRegistry(access: .none)
        defer { Task { await open.stop() } }
        let created = try await open.call(.put, "/product/new", .object(["name": .string("local"), "description": .string("d")]))
        let product = try await open.call(.get, "/product/\(created["id"]!.stringValue!)")
        #expect(product["versions"]?["1.0.0"]?["owner"] == .string("test_user"))
        var remote = HippoServerConfiguration(root: open.root.path)
        remote.access = .none
        remote.host = "0.0.0.0"
        let refusal = await errorMessage { try await HippoServer(configuration: remote) }
        #expect(refusal == "--auth none acts as one local user for every request, so it only binds a loopback address, not 0.0.0.0")
    }

    @Test("16 concurrent pushes all land")
    func concurrentPushes() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<16 {
                let file = try Self.patternFile(scratch, "f\(index).bin", size: 20_000 + Int64(index), offset: Int64(index))
                group.addTask { try await registry.push(name: "product \(index)", files: ["data": file]) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 16)
        #expect(try await registry.call(.get, "/product/search/product").arrayCount == 16)
    }

    @Test("a server stopped mid-upload restarts with no partial product and no orphan blob")
    func restartMidUpload() async throws {
        let root = try TemporaryDirectory("hippo-restart")
        let scratch = try TemporaryDirectory()
        let file = try Self.patternFile(scratch, "big.bin", size: 50_000)
        var first: RunningRegistry? = try await RunningRegistry(root: root)
        let kept = try await first!.push(name: "kept", files: ["data": try Self.patternFile(scratch, "small.bin", size: 10)])
        let created = try await first!.call(
            .put, "/product/new",
            .object([
                "name": .string("interrupted"), "description": .string("d"), "multipart_batch_size": .int(10_000),
                "sources": .object(["data": .object(["name": .string("big.bin"), "size": .int(50_000), "checksum": .string(try Checksum.xxh64(ofFileAt: file).description)])]),
            ]))
        guard case .array(let urls) = created["upload_urls"]!["big.bin"]! else { Issue.record("no urls"); return }
        _ = try await first!.client.upload(file: file, range: 0..<10_000, to: HTTPRequest(.put, urls[0].stringValue!))
        // A blob published just before a crash, which no file refers to.
        try FileManager.default.createDirectory(atPath: root.path + "/blobs/ab", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root.path + "/blobs/ab/abababababababab-3", contents: Data("abc".utf8))
        let port = first!.port
        await first!.stop()
        first = nil

        let second = try await RunningRegistry(root: root)
        defer { Task { await second.stop() } }
        #expect(await second.failure(.get, "/product/\(created["id"]!.stringValue!)").0 == 404)
        #expect(try await second.call(.get, "/product/search/interrupted").arrayCount == 0)
        #expect(try await second.call(.get, "/product/\(kept)")["versions"]?["1.0.0"]?["name"] == .string("kept"))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/blobs/ab/abababababababab-3"))
        // The interrupted upload can still finish within its lifetime.
        for (index, url) in urls.enumerated().dropFirst() {
            let moved = url.stringValue!.replacingOccurrences(of: "http://127.0.0.1:\(port)", with: second.baseURL)
            _ = try await second.client.upload(file: file, range: Int64(index) * 10_000..<Int64(index + 1) * 10_000, to: HTTPRequest(.put, moved))
        }
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }

    var objectKeys: [String]? {
        if case .object(let members) = self { return members.keys.sorted() }
        return nil
    }
}

extension ProductTests {
    @Test("an upload not completed within its lifetime is discarded while the server runs")
    func abandonedUploadsExpireWhileServing() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let file = try Self.patternFile(scratch, "half.bin", size: 20_000)
        let created = try await registry.call(
            .put, "/product/new",
            .object([
                "name": .string("abandoned"), "description": .string("never completed"), "multipart_batch_size": .int(10_000),
                "sources": .object(["data": .object(["name": .string("half.bin"), "size": .int(20_000), "checksum": .string(try Checksum.xxh64(ofFileAt: file).description)])]),
            ]))
        guard case .array(let urls) = created["upload_urls"]!["half.bin"]! else { Issue.record("no urls"); return }
        _ = try await registry.client.upload(file: file, range: 0..<10_000, to: HTTPRequest(.put, urls[0].stringValue!))
        let uploads = registry.root.path + "/uploads"
        #expect(try FileManager.default.contentsOfDirectory(atPath: uploads).count == 1)
        // What the server's periodic sweep runs, at a time past the upload's lifetime (a day).
        #expect(try await registry.server.registry.expireUploads(now: Date().addingTimeInterval(3600)) == 0)
        #expect(try await registry.server.registry.expireUploads(now: Date().addingTimeInterval(90_000)) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: uploads).isEmpty)
        #expect(await registry.failure(.post, "/product/\(created["id"]!.stringValue!)/complete", .object(["headers": .object([:])])).0 == 404)
    }

    // The registry's own folder receives the parts itself, so one PUT would save nothing: it ignores the threshold.
    @Test("a local registry answers parts of the batch size whatever multipart_threshold asks, and no upload_headers")
    func thresholdIgnored() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let body: JSONValue = [
            "name": "local", "description": "x", "multipart_batch_size": 4096, "multipart_threshold": 1_073_741_824,
            "sources": ["data": ["name": "a.bin", "size": 10_000, "checksum": "xxh64:0123456789abcdef"]],
        ]
        let created = try await registry.call(.put, "/product/new", body)
        guard case .array(let urls) = created["upload_urls"]?["a.bin"] ?? .null else { Issue.record("no URLs"); return }
        #expect(urls.count == 3)
        #expect(created["upload_headers"] == nil)
    }
}

import Foundation
import GRDB
@testable import HippoServer
import SciCore
import SciHTTP
import TestSupport
import Testing

/// What an attacker or a careless client sends: each used to crash the server, take unbounded work, or expose or
/// leave behind what it should not (issue 19). Every test ends by checking that the server still answers.
@Suite("Requests that must not hurt the registry")
struct AbuseTests {
    /// A one-source create body.
    static func create(_ name: String, file: String = "a.bin", size: Int64, checksum: String = "xxh64:ef46db3751d8e999", batch: Int64? = nil) -> JSONValue {
        var body: [String: JSONValue] = [
            "name": .string(name), "description": .string("d"),
            "sources": .object(["data": .object(["name": .string(file), "size": .int(size), "checksum": .string(checksum)])]),
        ]
        if let batch { body["multipart_batch_size"] = .int(batch) }
        return .object(body)
    }

    static func stillServes(_ registry: RunningRegistry) async throws {
        #expect(try await registry.raw("GET", "/product/search/anything").status == 200)
    }

    @Test("a range past the end, reversed, or empty is 416 with Content-Range: bytes */size, never a trap")
    func ranges() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let id = try await registry.push(name: "three bytes", files: ["data": try scratch.writeFile("abc.txt", "abc")])
        let url = try #require(try await registry.call(.get, "/product/\(id)/files")["files"]?["data"]?["url"]?.stringValue)
        let path = String(url.dropFirst(registry.baseURL.count))
        for range in ["bytes=3-", "bytes=10-", "bytes=2-1", "bytes=5-9", "bytes=-0", "bytes=3-3", "bytes=99999999999999999999-",
                      "bytes=9223372036854775807-9223372036854775807"] {
            let answer = try await registry.raw("GET", path, headers: [("Range", range)])
            #expect(answer.status == 416, "\(range)")
            #expect(answer.headers["content-range"] == "bytes */3", "\(range)")
        }
        for (range, body) in [("bytes=0-", "abc"), ("bytes=2-", "c"), ("bytes=1-99999999999999999999", "bc"), ("bytes=-2", "bc"),
                              ("bytes=-99", "abc"), ("bytes=0-0", "a")] {
            let answer = try await registry.raw("GET", path, headers: [("Range", range)])
            #expect(answer.status == 206 && answer.text == body, "\(range): \(answer.status) \(answer.text)")
        }
        // Not a byte range HTTP knows, so ignored: the whole file.
        for range in ["bytes=+1-2", "bytes=0-1,2-2", "items=0-1", "bytes=", "bytes=-", "bytes=a-b", "bytes=--1"] {
            let answer = try await registry.raw("GET", path, headers: [("Range", range)])
            #expect(answer.status == 200 && answer.text == "abc", "\(range): \(answer.status)")
        }
        #expect(try await registry.raw("HEAD", path, headers: [("Range", "bytes=3-")]).status == 416)
        try await Self.stillServes(registry)
    }

    @Test("an empty source is valid data: pushed, listed, downloaded, and a range on it is 416")
    func emptySource() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let id = try await registry.push(name: "nothing inside", files: ["data": try scratch.writeFile("empty.txt", "")])
        let file = try #require(try await registry.call(.get, "/product/\(id)/files")["files"]?["data"])
        #expect(file["size"] == .int(0) && file["available"] == .bool(true))
        let path = String(file["url"]!.stringValue!.dropFirst(registry.baseURL.count))
        let whole = try await registry.raw("GET", path)
        #expect(whole.status == 200 && whole.body.isEmpty && whole.headers["content-length"] == "0")
        #expect(try await registry.raw("GET", path, headers: [("Range", "bytes=0-")]).headers["content-range"] == "bytes */0")
    }

    @Test("sizes near Int64.max, 10 TB, a million parts or too many sources are refused before anything is recorded")
    func sizeLimits() async throws {
        let registry = try await RunningRegistry { $0.maxSourceSize = 1 << 30 }
        defer { Task { await registry.stop() } }
        for (body, status, words) in [
            (Self.create("max", size: .max), 413, "more than this registry takes"),
            (Self.create("max-1", size: .max - 1, batch: 5 << 30), 413, "1073741824"),
            (Self.create("ten tera", size: 10_000_000_000_000), 413, "in one file"),
            (Self.create("negative", size: -1), 422, "negative"),
            (Self.create("million parts", size: 1_000_000_000, batch: 1024), 422, "multipart_batch_size of at least 100001"),
        ] {
            let answer = try await registry.raw("PUT", "/product/new", json: body)
            #expect(answer.status == status, "\(answer.text)")
            #expect(answer.text.contains(words), "\(answer.text)")
        }
        var sources: [String: JSONValue] = [:]
        for index in 0..<1001 { sources["s\(index)"] = .object(["name": .string("f\(index)"), "size": .int(1), "checksum": .string("xxh64:0000000000000000")]) }
        let many = try await registry.raw("PUT", "/product/new", json: .object(["name": .string("many"), "description": .string("d"), "sources": .object(sources)]))
        #expect(many.status == 413 || many.status == 400, "\(many.text)")
        // Nothing was recorded, visible or not.
        let rows = try await registry.server.registry.pool.read { try $0.int("SELECT COUNT(*) FROM product") }
        #expect(rows == 0)
        try await Self.stillServes(registry)
    }

    @Test("file names no client can write are refused at create")
    func fileNames() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        for name in [String(repeating: "a", count: 256), "two\nlines", "tab\there", "nul\0", "..", "a/b", String(repeating: "é", count: 128)] {
            let answer = try await registry.raw("PUT", "/product/new", json: Self.create("n \(name.count)", file: name, size: 0))
            #expect(answer.status == 400, "\(name.prefix(20)): \(answer.text)")
        }
        #expect(try await registry.raw("PUT", "/product/new", json: Self.create("fine", file: String(repeating: "a", count: 255), size: 0)).status == 200)
        #expect(try await registry.raw("PUT", "/product/new", json: Self.create("two\nlines", size: 0)).status == 422)
    }

    @Test("a diff at a level that does not exist is 422, not a trap")
    func diffLevel() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let id = try #require(try await registry.call(.put, "/product/new", .object(["name": .string("p"), "description": .string("d")]))["id"]?.stringValue)
        for level in [3, -1, Int64.max, Int64.min] {
            #expect(try await registry.raw("POST", "/product/\(id)/diff", json: .object(["level": .int(level)])).status == 422)
            #expect(try await registry.raw("POST", "/product/\(id)/update", json: .object(["level": .int(level)])).status == 422)
        }
        try await Self.stillServes(registry)
    }

    @Test("--public: anonymous callers read public products only, never more than a keyed non-reader")
    func publicReads() async throws {
        let registry = try await RunningRegistry(access: .keys(publicReads: true))
        defer { Task { await registry.stop() } }
        let alice = try APIKeys(root: registry.root.path).add(name: "alice", scopes: [.read, .write])
        let bob = try APIKeys(root: registry.root.path).add(name: "bob", scopes: [.read, .write])
        func create(_ name: String, readers: [String]) async throws -> String {
            let body = JSONValue.object(["name": .string(name), "description": .string("d"), "product_readers": .array(readers.map { .string($0) })])
            let answer = try await registry.raw("PUT", "/product/new", headers: [("Authorization", "Bearer \(alice.reveal())"), ("Content-Type", "application/json")], body: Data(body.jsonString().utf8))
            return try #require(try JSONValue(parsing: answer.body)["id"]?.stringValue)
        }
        let secret = try await create("secret plan", readers: ["alice"])
        let open = try await create("open plan", readers: ["public"])
        let collection = try await registry.call(.put, "/relationships/collection/hidden", .object(["description": .string("d"), "readers": .array([.string("alice")])]))
        let anonymous: [(String, String)] = []
        for path in ["/product/\(secret)", "/product/\(secret)/files", "/product/\(secret)/tree", "/relationships/collection/\(collection.stringValue!)"] {
            let asAnonymous = try await RawHTTP.send(port: registry.port, method: "GET", path: path, headers: anonymous)
            let asBob = try await registry.raw("GET", path, headers: [("Authorization", "Bearer \(bob.reveal())")])
            #expect(asBob.status == 403, "\(path)")
            #expect(asAnonymous.status == 403, "\(path): \(asAnonymous.status)")
        }
        let search = try await RawHTTP.send(port: registry.port, method: "GET", path: "/product/search/plan")
        #expect(try JSONValue(parsing: search.body).arrayCount == 1)
        #expect(try await RawHTTP.send(port: registry.port, method: "GET", path: "/product/\(open)").status == 200)
        #expect(try await registry.raw("GET", "/product/\(open)", headers: [("Authorization", "Bearer \(bob.reveal())")]).status == 200)
        #expect(try await RawHTTP.send(port: registry.port, method: "PUT", path: "/product/new", body: Data("{}".utf8)).status == 403)
    }

    @Test("upper-case ids, unknown routes, the database's mode, and signed URLs that ignore the Host header")
    func smallerItems() async throws {
        let registry = try await RunningRegistry { $0.publicURL = "https://hippo.example.org/" }
        defer { Task { await registry.stop() } }
        let created = try await registry.raw(
            "PUT", "/product/new", headers: [("Host", "attacker.example:9999"), ("Content-Type", "application/json")],
            body: Data(Self.create("hosted", size: 3, checksum: "xxh64:44bc2cf5ad770999").jsonString().utf8))
        let json = try JSONValue(parsing: created.body)
        let id = try #require(json["id"]?.stringValue)
        let url = try #require(json["upload_urls"]?["a.bin"]?.firstItem?.stringValue)
        #expect(url.hasPrefix("https://hippo.example.org/upload/"), "\(url)")
        #expect(try await registry.raw("GET", "/product/\(id.uppercased())").status == 404)  // an id, of an upload not yet complete
        #expect(try await registry.raw("GET", "/product/ZZZZ\(id.dropFirst(4))").status == 422)
        let visible = try #require(try await registry.call(.put, "/product/new", .object(["name": .string("no files"), "description": .string("d")]))["id"]?.stringValue)
        #expect(try await registry.raw("GET", "/product/\(visible.uppercased())").status == 200)
        #expect(try await registry.raw("GET", "/product/\(visible.uppercased())/files").status == 200)
        let missing = try await registry.raw("GET", "/no/such/route")
        #expect(missing.status == 404 && missing.text == #"{"detail":"Not Found"}"#)
        var info = stat()
        #expect(stat(registry.root.path + "/registry.sqlite", &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test("a name being uploaded is refused to others before any byte is sent; a lost or refused upload is cleaned at once")
    func duplicateNames() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let other = try APIKeys(root: registry.root.path).add(name: "carol", scopes: [.read, .write])
        let first = try await registry.raw("PUT", "/product/new", json: Self.create("race", size: 3, checksum: "xxh64:44bc2cf5ad770999"))
        #expect(first.status == 200)
        let url = try #require(try JSONValue(parsing: first.body)["upload_urls"]?["a.bin"]?.firstItem?.stringValue)
        let second = try await registry.raw(
            "PUT", "/product/new", headers: [("Authorization", "Bearer \(other.reveal())"), ("Content-Type", "application/json")],
            body: Data(Self.create("race", size: 3, checksum: "xxh64:44bc2cf5ad770999").jsonString().utf8))
        #expect(second.status == 409 && second.text.contains("in progress"), "\(second.text)")
        // The same owner starting again gives the first upload up: its part goes at once.
        _ = try await registry.raw("PUT", String(url.dropFirst(registry.baseURL.count)), body: Data("ab".utf8))
        let again = try await registry.raw("PUT", "/product/new", json: Self.create("race", size: 3, checksum: "xxh64:44bc2cf5ad770999"))
        #expect(again.status == 200)
        let pending = try await registry.server.registry.pool.read { try $0.int("SELECT COUNT(*) FROM product") }
        #expect(pending == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: registry.root.path + "/uploads").isEmpty)
    }

    @Test("key names that are not safe path components are refused")
    func keyNames() throws {
        let root = try TemporaryDirectory()
        let keys = try APIKeys(root: root.path)
        for name in ["..", ".", ".hidden", "a/b", "", "public", "anonymous", String(repeating: "x", count: 65), "é"] {
            #expect(throws: SciError.self, "\(name)") { try keys.add(name: name, scopes: [.read]) }
        }
        #expect(throws: Never.self) { try keys.add(name: "alice.smith@lab-1_x", scopes: [.read]) }
    }
}

extension JSONValue {
    var firstItem: JSONValue? {
        if case .array(let items) = self { return items.first }
        return nil
    }
}

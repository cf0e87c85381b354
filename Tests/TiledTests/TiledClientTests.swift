import Foundation
import Hummingbird
import NIOCore
import SciCore
import SciHTTP
import Synchronization
import Testing
import TestSupport
@testable import Tiled

/// A small stand-in for a Tiled server on loopback: a 4×4 float64 array in 2×2 blocks, and a root of three children
/// served in pages; it records every request line and Authorization header.
final class FakeTiled: Sendable {
    let requests = Mutex<[(uri: String, authorization: String?)]>([])
    let bodies = Mutex<[(String, Data)]>([])

    static func block(_ i: Int, _ j: Int) -> Data {
        var values: [Double] = []
        for row in 0..<2 { for column in 0..<2 { values.append(Double((i * 2 + row) * 4 + j * 2 + column)) } }
        return values.withUnsafeBytes { Data($0) }
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("api/v1/metadata/grid") { request, _ in
            self.record(request)
            return HTTPFixtureRoutes.jsonResponse(["data": ["id": "grid", "attributes": [
                "ancestors": [], "structure_family": "array", "specs": [], "metadata": ["kind": "image"],
                "structure": ["data_type": ["endianness": "little", "kind": "f", "itemsize": 8],
                              "chunks": [[2, 2], [2, 2]], "shape": [4, 4]],
            ]]])
        }
        router.get("api/v1/array/block/grid") { request, _ in
            self.record(request)
            let indices = (request.uri.queryParameters.get("block") ?? "").split(separator: ",").compactMap { Int($0) }
            guard indices.count == 2 else { return Response(status: .unprocessableContent) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: FakeTiled.block(indices[0], indices[1]))))
        }
        // A big-endian 4×4 float64 array in 2×2 blocks, served as Tiled 0.2.20 serves one: /array/full in the
        // declared (big-endian) order, /array/block in little-endian order under the same declaration.
        router.get("api/v1/metadata/bigend") { request, _ in
            self.record(request)
            return HTTPFixtureRoutes.jsonResponse(["data": ["id": "bigend", "attributes": [
                "ancestors": [], "structure_family": "array", "specs": [], "metadata": [:],
                "structure": ["data_type": ["endianness": "big", "kind": "f", "itemsize": 8, "dt_units": nil],
                              "chunks": [[2, 2], [2, 2]], "shape": [4, 4]],
            ]]])
        }
        router.get("api/v1/array/block/bigend") { request, _ in
            self.record(request)
            let indices = (request.uri.queryParameters.get("block") ?? "").split(separator: ",").compactMap { Int($0) }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: FakeTiled.block(indices[0], indices[1]))))
        }
        router.get("api/v1/array/full/bigend") { request, _ in
            self.record(request)
            // `a:b` or an index per dimension; a zero-size or negative slice is the 500 the real server answers.
            let ranges = (request.uri.queryParameters.get("slice") ?? "0:4,0:4").split(separator: ",").map { part in
                part.contains(":") ? part.split(separator: ":").compactMap { Int($0) } : Int(part).map { [$0, $0 + 1] } ?? []
            }
            guard ranges.count == 2, ranges.allSatisfy({ $0.count == 2 && $0[0] >= 0 && $0[1] > $0[0] }) else {
                return Response(status: .internalServerError)
            }
            var bytes: [UInt8] = []
            for row in ranges[0][0]..<ranges[0][1] {
                for column in ranges[1][0]..<ranges[1][1] {
                    withUnsafeBytes(of: Double(row * 4 + column).bitPattern.bigEndian) { bytes += $0 }
                }
            }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("api/v1/search/") { request, _ in
            self.record(request)
            let all = ["a", "b", "c"]
            // Names arrive percent-encoded (page%5Blimit%5D), as Tiled's own client sends them.
            let items = URLComponents(string: request.uri.description)?.queryItems ?? []
            let offset = items.first { $0.name == "page[offset]" }?.value.flatMap { Int($0) } ?? 0
            let limit = items.first { $0.name == "page[limit]" }?.value.flatMap { Int($0) } ?? 100
            let page = Array(all.dropFirst(offset).prefix(limit))
            let nodes: [JSONValue] = page.map { key in
                ["id": .string(key), "attributes": ["ancestors": [], "structure_family": "container", "specs": [["name": "BlueskyRun", "version": nil]],
                                                    "metadata": ["note": key == "b" ? "Messier M9" : "m9 lower"], "structure": ["count": 1]]]
            }
            let more = offset + page.count < all.count
            return HTTPFixtureRoutes.jsonResponse([
                "data": .array(nodes), "links": ["next": more ? "http://x/next" : nil], "meta": ["count": .int(Int64(all.count))],
            ])
        }
        router.post("api/v1/metadata/**") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(("POST \(request.uri.path)", Data(buffer: body))) }
            return HTTPFixtureRoutes.jsonResponse(["id": "made"])
        }
        router.put("api/v1/array/full/**") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(("PUT \(request.uri.path)", Data(buffer: body))) }
            return HTTPFixtureRoutes.jsonResponse(nil)
        }
        router.patch("api/v1/metadata/**") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(("PATCH \(request.uri.path)", Data(buffer: body))) }
            return HTTPFixtureRoutes.jsonResponse(["id": "grid"])
        }
        return router
    }

    private func record(_ request: Request) {
        requests.withLock { $0.append((request.uri.description, request.headers[.authorization])) }
    }
}

@Suite("Tiled client over loopback")
struct TiledClientTests {
    private func withServer(_ body: (TiledClient, FakeTiled) async throws -> Void) async throws {
        let fake = FakeTiled()
        let server = try await LoopbackServer.start(fake.router())
        var settings = TiledSettings(url: server.baseURL + "/api/v1/", apiKey: Secret("k-123"))
        settings.retry = RetryPolicy(attempts: 1)
        do {
            try await body(try TiledClient(settings: settings), fake)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("an array in blocks is fetched block by block and assembled in row-major order")
    func blocks() async throws {
        try await withServer { client, fake in
            let array = try await client.readArray("grid")
            #expect(array.shape == [4, 4])
            #expect(try array.values(as: Double.self) == (0..<16).map(Double.init))
            let requests = fake.requests.withLock { $0 }
            #expect(requests.filter { $0.uri.hasPrefix("/api/v1/array/block/grid?block=") }.count == 4)
            #expect(requests.allSatisfy { $0.authorization == "Apikey k-123" })
            let one = try await client.readBlock("grid", block: [1, 0])
            #expect(try one.values(as: Double.self) == [8, 9, 12, 13])
            let outside = await errorMessage { try await client.readBlock("grid", block: [2, 0]) }
            #expect(outside == "block 2,0 is outside the 2×2 grid of blocks of grid")
        }
    }

    @Test("a big-endian array in blocks reads right whole, by block and sliced: its blocks come as slices of /array/full")
    func bigEndianBlocks() async throws {
        try await withServer { client, fake in
            let array = try await client.readArray("bigend")
            #expect(array.dataType.description == "<f8")
            #expect(try array.values(as: Double.self) == (0..<16).map(Double.init))
            let block = try await client.readBlock("bigend", block: [1, 0])
            #expect(try block.values(as: Double.self) == [8, 9, 12, 13])
            let slice = try await client.readArray("bigend", slice: "-1,1:-1")
            #expect(slice.shape == [2])
            #expect(try slice.values(as: Double.self) == [13, 14])
            let uris = fake.requests.withLock { $0 }.map(\.uri)
            #expect(!uris.contains { $0.hasPrefix("/api/v1/array/block/") })
            #expect(uris.contains("/api/v1/array/full/bigend?slice=2%3A4%2C0%3A2"))
            #expect(uris.contains("/api/v1/array/full/bigend?slice=3%2C1%3A3"))
        }
    }

    @Test("an empty selection is an empty array of its shape, read without a request (the server answers 500)")
    func emptySelections() async throws {
        try await withServer { client, fake in
            let empty = try await client.readArray("bigend", slice: "5:2")
            #expect(empty.shape == [0, 4] && empty.bytes.isEmpty && empty.count == 0)
            let rows = try await client.readArray("bigend", slice: "1:1,::2")
            #expect(rows.shape == [0, 2])
            #expect(!fake.requests.withLock { $0 }.contains { $0.uri.hasPrefix("/api/v1/array/full/") })
        }
    }

    @Test("the search limit counts only children that pass sci's own case-sensitive filter")
    func limitAfterLocalFilter() async throws {
        try await withServer { client, _ in
            let query = Query([.fulltext("M9", caseSensitive: true)])
            let first = try await client.search("", query, limit: 1)
            #expect(first.map(\.key) == ["b"])
            let paged = try await client.children(of: "", matching: query, pageSize: 1, limit: 1).items()
            #expect(paged.map(\.key) == ["b"])
            let two = try await client.search("", Query([.fulltext("m9", caseSensitive: true)]), limit: 2)
            #expect(two.map(\.key) == ["a", "c"])
            let plain = try await client.search("", limit: 2)
            #expect(plain.map(\.key) == ["a", "b"])
        }
    }

    @Test("children come in pages with filters, sort and limit in the request")
    func paging() async throws {
        try await withServer { client, fake in
            let query = Query([.eq("start.plan_name", "scan"), .fulltext("M9")])
            let nodes = try await client.children(of: "/", matching: query, sort: [SortKey("start.scan_id", descending: true)], pageSize: 2).items()
            #expect(nodes.map(\.key) == ["a", "b", "c"])
            #expect(nodes[0].specs == ["BlueskyRun"] && nodes[0].childCount == 1)
            let searches = fake.requests.withLock { $0 }.map(\.uri).filter { $0.hasPrefix("/api/v1/search/") }
            #expect(searches.count == 2)
            guard searches.count == 2 else { return }
            #expect(searches[0].contains("filter%5Beq%5D%5Bcondition%5D%5Bvalue%5D=%22scan%22"))
            #expect(searches[0].contains("sort=-start.scan_id"))
            #expect(searches[1].contains("page%5Boffset%5D=2"))
            let limited = try await client.search("", limit: 2)
            #expect(limited.map(\.key) == ["a", "b"])
            let exact = try await client.search("", Query([.fulltext("M9", caseSensitive: true)]))
            #expect(exact.map(\.key) == ["b"])
        }
    }

    @Test("writing: the array's structure is declared, then its bytes uploaded; metadata is merge-patched")
    func writing() async throws {
        try await withServer { client, fake in
            let array = try ArrayData(shape: [2], dataType: DataType(kind: "f", itemSize: 8), bytes: [1.5, 2.5].withUnsafeBytes { Data($0) })
            _ = try? await client.writeArray(array, key: "grid", in: "runs/a", metadata: ["kind": "image"])
            try await client.updateMetadata("runs/a/grid", merging: ["note": "hi", "old": nil])
            let bodies = fake.bodies.withLock { $0 }
            #expect(bodies.map(\.0) == ["POST /api/v1/metadata/runs/a", "PUT /api/v1/array/full/runs/a/grid", "PATCH /api/v1/metadata/runs/a/grid"])
            guard bodies.count == 3 else { return }
            let made = try JSONValue(parsing: bodies[0].1)
            #expect(made["id"] == "grid" && made["structure_family"] == "array")
            #expect(made["data_sources"].flatMap { if case .array(let items) = $0 { items.first?["structure"]?["shape"] } else { nil } } == JSONValue.array([2]))
            #expect(bodies[1].1 == array.bytes)
            let patch = try JSONValue(parsing: bodies[2].1)
            #expect(patch["content-type"] == "application/merge-patch+json" && patch["metadata"]?["old"] == .null && patch["specs"] == .null)
            let badKey = await errorMessage { try await client.createContainer("a/b") }
            #expect(badKey == "'a/b' cannot be a node key")
        }
    }

    @Test("a URI that is not http(s) is refused before any request")
    func badURI() {
        #expect(throws: SciHTTP.HTTPError.self) { try TiledClient(uri: "ftp://x", apiKey: nil) }
        #expect(throws: SciHTTP.HTTPError.self) { try TiledClient(uri: "localhost:8000", apiKey: nil) }
    }

    @Test("the key comes from a file, the environment, or nowhere; an open file is refused")
    func credentials() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/key"
        try SecretFile.write(Secret("from-file"), to: file)
        #expect(try TiledCredentials.apiKey(file: file, environment: ["TILED_API_KEY": "env"])?.reveal() == "from-file")
        #expect(try TiledCredentials.apiKey(environment: ["TILED_API_KEY": "env", "XDG_CONFIG_HOME": directory.path])?.reveal() == "env")
        chmod(file, 0o644)
        #expect(throws: FileError.insecurePermissions(file, mode: 0o644)) { try TiledCredentials.apiKey(file: file) }
    }
}

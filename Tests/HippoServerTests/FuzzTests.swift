import Foundation
@testable import HippoServer
import SciCore
import TestSupport
import Testing

/// Random and boundary requests against every route, from a fixed seed: whatever arrives, the server answers it,
/// never with a 5xx, and keeps serving. `SCI_HIPPO_FUZZ_REQUESTS` (and `SCI_HIPPO_FUZZ_SEED`) make a longer run, as
/// `Integration/cases/hippo-fuzz.sh` does.
@Suite("Fuzzing the registry's routes")
struct FuzzTests {
    /// Numbers at every edge a size, a level, a part number or a batch size can take.
    static let numbers: [JSONValue] = [
        .int(0), .int(1), .int(-1), .int(2), .int(3), .int(1023), .int(1024), .int(52_428_800), .int(Int64.max), .int(Int64.min),
        .int(Int64.max - 1), .int(1 << 53), .int(5 << 30), .int(10_000_000_000_000), .double(1e308), .double(-0.0), .double(0.5),
        .string("12"), .null, .bool(true), .array([]), .object([:]),
    ]

    /// Strings that have broken parsers and paths before.
    static let texts = [
        "", "a", "..", ".", "/", "a/b", "../../etc/passwd", "%2e%2e", "\n", "line\nbreak", "\0", "tab\t", String(repeating: "x", count: 300),
        "é", "日本語", "\u{202E}evil", "data", "map", "tree", "files", "search", "null", "{}", "'; DROP TABLE product; --", "\"quoted\"",
    ]

    static let ranges = [
        "bytes=0-", "bytes=3-", "bytes=10-", "bytes=2-1", "bytes=5-9", "bytes=-0", "bytes=-1", "bytes=-99999999999999999999",
        "bytes=99999999999999999999-", "bytes=0-99999999999999999999", "bytes=9223372036854775807-", "bytes=-9223372036854775808",
        "bytes=1-2,3-4", "bytes=", "bytes=-", "bytes=+1-2", "bytes= 1 - 2 ", "items=0-1", "bytes=0--1", "bytes=18446744073709551616-",
    ]

    @Test("random and boundary requests: no 5xx, no dropped connection, still serving")
    func fuzzRoutes() async throws {
        let environment = ProcessInfo.processInfo.environment
        let requests = environment["SCI_HIPPO_FUZZ_REQUESTS"].flatMap(Int.init) ?? 400
        var random = SeededRandom(seed: environment["SCI_HIPPO_FUZZ_SEED"].flatMap(UInt64.init) ?? 19)
        let registry = try await RunningRegistry { $0.maxSourceSize = 1 << 30 }
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()

        // Things to aim at: a visible product with a 3-byte file, a pending upload, a collection.
        let product = try await registry.push(name: "target product", files: ["data": try scratch.writeFile("abc.txt", "abc")])
        // The file ranges aim at belongs to a product whose id is not among those the fuzz names, so no DELETE takes it.
        let hidden = try await registry.push(name: "range target", files: ["data": try scratch.writeFile("def.txt", "def")])
        let download = try #require(try await registry.call(.get, "/product/\(hidden)/files")["files"]?["data"]?["url"]?.stringValue)
        let pending = try await registry.call(.put, "/product/new", AbuseTests.create("pending upload", size: 5000, batch: 1024))
        let pendingID = try #require(pending["id"]?.stringValue)
        guard case .array(let parts) = pending["upload_urls"]?["a.bin"] ?? .null else { Issue.record("no upload urls"); return }
        let uploads = parts.compactMap(\.stringValue).map { String($0.dropFirst(registry.baseURL.count)) }
        let collection = try #require(try await registry.call(.put, "/relationships/collection/target", .object(["description": .string("d")])).stringValue)
        let ids = [product, pendingID, collection, product.uppercased(), "0123456789abcdef01234567", "ffffffffffffffffffffffff", "xyz",
                   String(repeating: "a", count: 24), String(repeating: "A", count: 25), "%00", "%ZZ", "%2F", "-1"]

        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func text() -> String { pick(Self.texts) }
        func segment() -> String {
            let raw = random.next() % 3 == 0 ? text() : pick(ids)
            return raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x"
        }
        func number() -> JSONValue { pick(Self.numbers) }
        func source() -> JSONValue {
            .object(["name": random.next() % 2 == 0 ? .string(text()) : .string("f.bin"), "size": number(),
                     "checksum": random.next() % 2 == 0 ? .string("xxh64:0000000000000000") : .string(text()), "description": .string(text())])
        }
        func body() -> Data {
            let json: JSONValue
            switch random.next() % 9 {
            case 0: return Data((0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            case 1: return Data(String(repeating: "[", count: 5000).utf8)
            case 2: return Data(#"{"name": "cut"#.utf8)
            case 3:
                json = .object(["name": .string(text()), "description": .string(text()), "multipart_batch_size": number(),
                                "metadata": pick([.null, .object(["metadata_type": .string("mapset")]), .object(["metadata_type": .string(text())]), number()]),
                                "sources": .object([pick(["data", "map", text()]): source()]),
                                "product_readers": .array([.string(text())])])
            case 4:
                json = .object(["headers": .object(["a.bin": .array([.object(["ETag": .string(text())])])]),
                                "sizes": .object(["a.bin": .array([number(), number()])])])
            case 5:
                json = .object(["level": number(), "name": .string(text()), "new_sources": .object([text(): source()]),
                                "replace_sources": .object(["data": source()]), "drop_sources": .array([.string(text())]),
                                "owner": .string(text()), "add_readers": .array([.string(text())]), "multipart_batch_size": number()])
            case 6: json = .object(["description": .string(text()), "readers": number(), "writers": .array([number()])])
            case 7: json = number()
            default: json = .object([text(): number()])
            }
            return Data(json.jsonString().utf8)
        }
        func path() -> String {
            switch random.next() % 12 {
            case 0: return "/product/new"
            case 1: return "/product/\(segment())"
            case 2: return "/product/\(segment())/\(pick(["tree", "files", "data", "complete", "update", "diff", "confirm", "pin", "unpin", segment()]))"
            case 3: return "/product/search/\(segment())"
            case 4: return "/relationships/collection/\(segment())"
            case 5: return "/relationships/collection/\(pick(["search", segment()]))/\(segment())"
            case 6: return "/relationships/\(pick(["collection", "product"]))/\(segment())/\(pick(["child_of", segment()]))/\(segment())"
            case 7:
                // A real part URL, with its number, signature or expiry bent.
                let url = pick(uploads)
                switch random.next() % 4 {
                case 0: return url
                case 1: return url.replacingOccurrences(of: "/1?", with: "/\(pick(["0", "-1", "9223372036854775807", "9223372036854775808", "99", "1.5", "%31"]))?")
                case 2: return url.replacingOccurrences(of: "expires=", with: "expires=\(pick(["-", "9", "99999999999999999999", "1e9"]))")
                default: return "/upload/\(segment())/\(segment())?expires=\(pick(["1", "9223372036854775807", "x"]))&signature=\(segment())"
                }
            case 8, 9: return random.next() % 4 == 0 ? "/download/\(segment())/\(segment())?expires=1&signature=x" : String(download.dropFirst(registry.baseURL.count))
            case 10: return "/\(segment())"
            default: return "/product/\(segment())?data=\(text().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
        }

        var statuses: [Int: Int] = [:]
        for index in 0..<requests {
            let method = pick(["GET", "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "FOO"])
            var headers: [(String, String)] = []
            if random.next() % 2 == 0 { headers.append(("Range", pick(Self.ranges))) }
            switch random.next() % 6 {
            case 0: headers.append(("Authorization", pick(["", "Bearer", "Bearer ", "Bearer hippo_wrong", "Basic eA==", "Bearer \(text())"])))
            case 1: headers.append(("Host", pick(["attacker.example:9999", "", "[::1]:1", String(repeating: "h", count: 300)])))
            default: break
            }
            let answer = try await registry.raw(method, path(), headers: headers + [("Content-Type", "application/json")], body: method == "GET" || method == "HEAD" ? Data() : body())
            statuses[answer.status, default: 0] += 1
            #expect(answer.status >= 200 && answer.status < 500, "request \(index): \(method) → \(answer.status) \(answer.text.prefix(200))")
            if answer.status == 0 || answer.status >= 500 { break }
        }
        // Still up and still right (the target itself may have been deleted by a random DELETE): a fresh push reads back.
        let survivor = try await registry.push(name: "after the storm", files: ["data": try scratch.writeFile("xyz.txt", "xyz")])
        let url = try #require(try await registry.call(.get, "/product/\(survivor)/files")["files"]?["data"]?["url"]?.stringValue)
        #expect(try await registry.raw("GET", String(url.dropFirst(registry.baseURL.count))).text == "xyz")
        #expect(try await registry.raw("GET", String(url.dropFirst(registry.baseURL.count)), headers: [("Range", "bytes=1-")]).text == "yz")
        #expect(statuses.keys.contains(200) && statuses.keys.contains(404) && statuses.keys.contains(416), "\(statuses)")
    }
}

import Foundation
@testable import HippoServer
import SciCore
import SciHTTP
import SciS3
import TestSupport
import Testing

/// `multipart_threshold` (sci's extension) against a real moto: a file up to the threshold goes up in one presigned
/// PUT that may only create its object, the server checks what landed (size, then XXH64) without a multipart upload
/// to complete, and a request without the threshold (HIPPO's own client) still gets parts.
@Suite("Whole files in one PUT to S3", .enabled(if: MotoServer.isInstalled), .serialized)
struct WholeFileUploadTests {
    static let size: Int64 = 3 * S3BlobTests.partSize + 777

    /// The `PUT /product/new` body for one file of `size` bytes declared with `checksum`, asking for one PUT of files
    /// up to `threshold` bytes (none: HIPPO's own client's request).
    static func announce(_ name: String, fileName: String, size: Int64 = size, checksum: String, threshold: Int64?) -> JSONValue {
        var body: [String: JSONValue] = [
            "name": .string(name), "description": "whole", "multipart_batch_size": .int(S3BlobTests.partSize),
            "sources": ["data": ["name": .string(fileName), "size": .int(size), "checksum": .string(checksum)]],
        ]
        if let threshold { body["multipart_threshold"] = .int(threshold) }
        return .object(body)
    }

    /// A PUT of the whole file to `url` with `headers`; its status.
    static func put(_ file: String, to url: String, headers: [String: String]) async throws -> Int {
        var request = HTTPRequest(.put, url)
        for (name, value) in headers { request.headers[name] = value }
        do {
            return try await HTTPClient(configuration: HTTPClientConfiguration()).upload(file: file, to: request).status
        } catch HTTPError.status(let code, _, _) {
            return code
        }
    }

    /// The first upload URL an answer gives for a file.
    static func firstURL(_ answer: JSONValue, _ name: String) throws -> String {
        guard case .array(let urls) = answer["upload_urls"]?[name] ?? .null, let first = urls.first?.stringValue else {
            throw SciError("no upload URL for \(name) in \(answer.jsonString())")
        }
        return first
    }

    static func s3(_ moto: MotoServer) -> S3Client {
        S3Client(configuration: S3Configuration(
            endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey))))
    }

    /// Polls until the object is gone (the server deletes in the background); whether it went.
    static func gone(_ object: S3Location, _ s3: S3Client) async throws -> Bool {
        for _ in 0..<100 {
            if try await s3.head(object) == nil { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("a file up to the threshold goes up in one create-only PUT, is checked, served, and cannot be replaced after")
    func oneCreateOnlyPut() async throws {
        let moto = try MotoServer()
        let registry = try await S3BlobTests.registry(moto)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let name = "whole map ü.fits"
        let file = try ProductTests.patternFile(scratch, "map", size: Self.size)
        let created = try await registry.call(
            .put, "/product/new",
            Self.announce("whole", fileName: name, checksum: PatternData.checksum(size: Self.size).description, threshold: Self.size))
        let id = created["id"]!.stringValue!
        guard case .array(let urls) = created["upload_urls"]![name]! else { Issue.record("no URLs for \(name)"); return }
        #expect(urls.count == 1)
        let url = urls[0].stringValue!
        #expect(url.hasPrefix(moto.endpoint + "/hippo-test/files/") && !url.contains("uploadId="))
        #expect(url.contains("X-Amz-SignedHeaders=host%3Bif-none-match"))
        #expect(created["upload_headers"] == ["whole map ü.fits": ["If-None-Match": "*"]])

        #expect(try await Self.put(file, to: url, headers: ["If-None-Match": "*"]) == 200)
        try await registry.call(.post, "/product/\(id)/complete", ["headers": [name: [[:]]], "sizes": [name: [.int(Self.size)]]])
        try await registry.call(.post, "/product/\(id)/confirm")
        let source = try await registry.call(.get, "/product/\(id)/files")["files"]!["data"]!
        #expect(source["available"] == .bool(true))

        // The URL cannot replace what the server checked: the store refuses a second create.
        let other = try ProductTests.patternFile(scratch, "other", size: Self.size, offset: 1)
        #expect(try await Self.put(other, to: url, headers: ["If-None-Match": "*"]) == 412)
        let served = try await HTTPClient(configuration: HTTPClientConfiguration()).checksum(of: HTTPRequest(.get, source["url"]!.stringValue!))
        #expect(served.size == Self.size && served.checksum == PatternData.checksum(size: Self.size))
    }

    @Test("a whole file whose bytes differ from the declared checksum is refused, its product and object discarded")
    func checksumMismatch() async throws {
        let moto = try MotoServer()
        let registry = try await S3BlobTests.registry(moto)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let file = try ProductTests.patternFile(scratch, "cat", size: Self.size)
        let created = try await registry.call(
            .put, "/product/new", Self.announce("whole bad", fileName: "cat.csv", checksum: "xxh64:0123456789abcdef", threshold: 5 << 30))
        let id = created["id"]!.stringValue!
        let url = try Self.firstURL(created, "cat.csv")
        #expect(try await Self.put(file, to: url, headers: ["If-None-Match": "*"]) == 200)
        let (status, detail) = await registry.failure(.post, "/product/\(id)/complete", ["headers": ["cat.csv": [[:]]]])
        #expect(status == 400)
        #expect(detail.contains("checksum mismatch"), "\(detail)")
        #expect(await registry.failure(.get, "/product/\(id)").0 == 404)
        let path = try #require(URLComponents(string: url)?.path)
        #expect(try await Self.gone(S3Location(bucket: "hippo-test", key: String(path.dropFirst("/hippo-test/".count))), Self.s3(moto)))
    }

    @Test("a whole file of the wrong size is refused from its size alone; one never sent is refused as not uploaded")
    func wrongSizeOrMissing() async throws {
        let moto = try MotoServer()
        let registry = try await S3BlobTests.registry(moto)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let short = try ProductTests.patternFile(scratch, "short", size: Self.size - 1)
        let checksum = PatternData.checksum(size: Self.size).description
        let created = try await registry.call(.put, "/product/new", Self.announce("whole short", fileName: "a.bin", checksum: checksum, threshold: 5 << 30))
        let url = try Self.firstURL(created, "a.bin")
        #expect(try await Self.put(short, to: url, headers: ["If-None-Match": "*"]) == 200)
        let (status, detail) = await registry.failure(.post, "/product/\(created["id"]!.stringValue!)/complete", ["headers": ["a.bin": [[:]]]])
        #expect(status == 400)
        #expect(detail.contains("\(Self.size - 1) bytes arrived"), "\(detail)")

        let unsent = try await registry.call(.put, "/product/new", Self.announce("whole unsent", fileName: "b.bin", checksum: checksum, threshold: 5 << 30))
        let refused = await registry.failure(.post, "/product/\(unsent["id"]!.stringValue!)/complete", ["headers": ["b.bin": [[:]]]])
        #expect(refused.0 == 400)
        #expect(refused.1.contains("was not uploaded"), "\(refused.1)")
    }

    @Test("without multipart_threshold (HIPPO's client), or past it, a file goes up in multipart parts as before")
    func partsOtherwise() async throws {
        let moto = try MotoServer()
        let registry = try await S3BlobTests.registry(moto)
        defer { Task { await registry.stop() } }
        let checksum = PatternData.checksum(size: Self.size).description
        for (index, threshold) in [nil, Self.size - 1].enumerated() {
            let created = try await registry.call(
                .put, "/product/new", Self.announce("parts \(index)", fileName: "p.bin", checksum: checksum, threshold: threshold))
            guard case .array(let urls) = created["upload_urls"]!["p.bin"]! else { Issue.record("no URLs"); return }
            #expect(urls.count == 4)
            #expect(urls.allSatisfy { $0.stringValue!.contains("uploadId=") && $0.stringValue!.contains("X-Amz-SignedHeaders=host&") })
            #expect(created["upload_headers"] == nil)
        }
        // One part is still a multipart upload for HIPPO's client, which sends no If-None-Match.
        let small = try await registry.call(
            .put, "/product/new", Self.announce("one part", fileName: "s.bin", size: 10, checksum: checksum, threshold: nil))
        #expect(try Self.firstURL(small, "s.bin").contains("uploadId="))
    }
}

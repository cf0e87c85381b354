import Foundation
@testable import HippoServer
import SciCore
import SciHTTP
import SciS3
import TestSupport
import Testing

/// `--blobs s3://…` against a real moto: clients PUT parts and GET files at presigned URLs on the store, the server
/// completes the uploads and checks what landed. moto (5.2) answers every presigned request with a 500 once its
/// signature checks are on (it reads only the `Authorization` header), so the transfers run against moto without
/// them; the presigned signatures equal boto3's (SciS3Tests' fixed vectors), and the server's own signed calls are
/// checked against moto with them on (`wrongSecret`).
@Suite("File bodies in S3", .enabled(if: MotoServer.isInstalled), .serialized)
struct S3BlobTests {
    static let partSize: Int64 = 5 << 20

    /// A registry whose blobs are in `s3://hippo-test/files` on `moto`.
    static func registry(_ moto: MotoServer, root: TemporaryDirectory? = nil) async throws -> RunningRegistry {
        try await RunningRegistry(root: root) { configuration in
            configuration.blobs = "s3://hippo-test/files"
            configuration.s3 = S3Configuration(
                endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey)))
        }
    }

    /// PUTs each part straight to its URL with no key, as HIPPO's client does; the completion body.
    static func upload(_ urls: [JSONValue], file: String, name: String) async throws -> JSONValue {
        let transfers = HTTPClient(configuration: HTTPClientConfiguration())
        let size = FileDescriptor.size(of: file) ?? 0
        var headers: [JSONValue] = []
        var sizes: [JSONValue] = []
        for (index, url) in urls.enumerated() {
            let range = Int64(index) * partSize..<min(size, Int64(index + 1) * partSize)
            let response = try await transfers.upload(file: file, range: range, to: HTTPRequest(.put, url.stringValue!))
            headers.append(.object(["ETag": .string(response.headers["ETag"] ?? "")]))
            sizes.append(.int(Int64(range.count)))
        }
        return ["headers": [name: .array(headers)], "sizes": [name: .array(sizes)]]
    }

    /// The `PUT /product/new` body for one file declared with `checksum`.
    static func announce(_ name: String, file: String, fileName: String, checksum: String) -> JSONValue {
        [
            "name": .string(name), "description": "in S3", "multipart_batch_size": .int(partSize),
            "sources": ["data": ["name": .string(fileName), "size": .int(FileDescriptor.size(of: file) ?? 0), "checksum": .string(checksum)]],
        ]
    }

    @Test("a file named with spaces and Unicode goes up in presigned parts and comes down at a presigned URL naming it")
    func roundTrip() async throws {
        let moto = try MotoServer()
        let registry = try await Self.registry(moto)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let name = "Planck map ü 1.fits"
        let file = try ProductTests.patternFile(scratch, "map", size: 2 * Self.partSize + 12_345)
        let created = try await registry.call(
            .put, "/product/new", Self.announce("s3 map", file: file, fileName: name, checksum: PatternData.checksum(size: 2 * Self.partSize + 12_345).description))
        let id = created["id"]!.stringValue!
        guard case .array(let urls) = created["upload_urls"]![name]! else { Issue.record("no URLs for \(name)"); return }
        #expect(urls.count == 3)
        // The parts go to the store, never to the registry.
        #expect(urls.allSatisfy { $0.stringValue!.hasPrefix(moto.endpoint + "/hippo-test/files/") && $0.stringValue!.contains("X-Amz-Signature=") })
        try await registry.call(.post, "/product/\(id)/complete", try await Self.upload(urls, file: file, name: name))
        try await registry.call(.post, "/product/\(id)/confirm")

        let files = try await registry.call(.get, "/product/\(id)/files")
        let source = files["files"]!["data"]!
        #expect(source["available"] == .bool(true))
        let url = source["url"]!.stringValue!
        #expect(url.hasPrefix(moto.endpoint + "/hippo-test/files/") && url.contains("response-content-disposition="))
        let plain = HTTPClient(configuration: HTTPClientConfiguration())
        let downloaded = scratch.file("down")
        let result = try await plain.download(HTTPRequest(.get, url), to: downloaded)
        #expect(result.checksum == PatternData.checksum(size: 2 * Self.partSize + 12_345))
        let head = try await plain.send(HTTPRequest(.get, url, headers: ["Range": "bytes=0-0"]))
        #expect(head.headers["Content-Disposition"]?.contains("filename*=UTF-8''Planck%20map%20%C3%BC%201.fits") == true)

        // The redirect route answers the same kind of URL.
        let redirect = try await registry.raw("GET", "/product/\(id)/data")
        #expect(redirect.status == 302)
        #expect(redirect.headers["location"]?.hasPrefix(moto.endpoint) == true)
        // Deleting the product removes the object (best effort, in the background: waited for here).
        let object = S3Location(bucket: "hippo-test", key: "files/" + (source["object_name"]?.stringValue ?? ""))
        let s3 = S3Client(configuration: S3Configuration(
            endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey))))
        #expect(try await s3.head(object)?.size == 2 * Self.partSize + 12_345)
        try await registry.call(.delete, "/product/\(id)")
        var gone = false
        for _ in 0..<100 where !gone {
            gone = try await s3.head(object) == nil
            if !gone { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(gone)
    }

    @Test("bytes that differ from the declared checksum are refused, the product and the object discarded")
    func checksumMismatch() async throws {
        let moto = try MotoServer()
        let registry = try await Self.registry(moto)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let file = try ProductTests.patternFile(scratch, "cat", size: Self.partSize + 1)
        let created = try await registry.call(
            .put, "/product/new", Self.announce("s3 bad", file: file, fileName: "cat.csv", checksum: "xxh64:0123456789abcdef"))
        let id = created["id"]!.stringValue!
        guard case .array(let urls) = created["upload_urls"]!["cat.csv"]! else { Issue.record("no URLs"); return }
        let body = try await Self.upload(urls, file: file, name: "cat.csv")
        let (status, detail) = await registry.failure(.post, "/product/\(id)/complete", body)
        #expect(status == 400)
        #expect(detail.contains("checksum mismatch"))
        #expect(await registry.failure(.get, "/product/\(id)").0 == 404)
    }

    @Test("a wrong S3 secret stops the server at start, before it serves, with the store's reason")
    func wrongSecret() async throws {
        let moto = try MotoServer(authenticated: true)
        var message = ""
        do {
            let registry = try await RunningRegistry { configuration in
                configuration.blobs = "s3://hippo-test/files"
                configuration.s3 = S3Configuration(
                    endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret("not-the-secret")))
            }
            await registry.stop()
        } catch {
            message = SciError.from(error).message
        }
        #expect(message.contains("SignatureDoesNotMatch") || message.contains("signature"), "\(message)")
        // With the right secret the same store accepts the server's signed calls (bucket made, upload started).
        let registry = try await Self.registry(moto)
        defer { Task { await registry.stop() } }
        let created = try await registry.call(
            .put, "/product/new",
            ["name": "signed calls", "description": "x", "sources": ["data": ["name": "a.txt", "size": 10, "checksum": "xxh64:0123456789abcdef"]]])
        guard case .array(let urls) = created["upload_urls"]?["a.txt"] ?? .null else { Issue.record("no URLs"); return }
        #expect(urls.first?.stringValue?.hasPrefix(moto.endpoint) == true)
    }

    @Test("an empty file has no parts: completing it stores an empty object, downloaded as no bytes")
    func emptyFile() async throws {
        let moto = try MotoServer()
        let registry = try await Self.registry(moto)
        defer { Task { await registry.stop() } }
        let created = try await registry.call(
            .put, "/product/new",
            ["name": "empty", "description": "x", "sources": ["data": ["name": "empty.txt", "size": 0, "checksum": "xxh64:ef46db3751d8e999"]]])
        let id = created["id"]!.stringValue!
        #expect(created["upload_urls"]?["empty.txt"] == .array([]))
        try await registry.call(.post, "/product/\(id)/complete", ["headers": ["empty.txt": []], "sizes": ["empty.txt": []]])
        try await registry.call(.post, "/product/\(id)/confirm")
        let url = try await registry.call(.get, "/product/\(id)/files")["files"]!["data"]!["url"]!.stringValue!
        let scratch = try TemporaryDirectory()
        let result = try await HTTPClient(configuration: HTTPClientConfiguration()).download(HTTPRequest(.get, url), to: scratch.file("e"))
        #expect(result.size == 0)
        #expect(url.hasPrefix(moto.endpoint))
    }

    @Test("parts smaller than S3 takes are refused before any upload starts")
    func smallParts() async throws {
        let moto = try MotoServer()
        let registry = try await Self.registry(moto)
        defer { Task { await registry.stop() } }
        let (status, detail) = await registry.failure(
            .put, "/product/new",
            ["name": "tiny parts", "description": "x", "multipart_batch_size": 4096,
             "sources": ["data": ["name": "a.txt", "size": 10_000, "checksum": "xxh64:0123456789abcdef"]]])
        #expect(status == 422)
        #expect(detail.contains("5242880"))
    }
}

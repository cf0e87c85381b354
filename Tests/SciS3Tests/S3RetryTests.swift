import Crypto
import Foundation
import Hummingbird
import NIOCore
import SciCore
import SciHTTP
@testable import SciS3
import Testing
import TestSupport

/// A store that answers 503 (S3's `SlowDown`) or 500 before it accepts: the client signs each attempt afresh and
/// tries again; one that keeps failing ends in one clear error. And a copy that differs from its ETag is not kept.
@Suite struct S3RetryTests {
    /// A loopback "S3" whose PUTs fail `failures` times, then store the body and answer its MD5 as the ETag.
    static func flakyStore(failures: Int, status: HTTPResponse.Status, log: RequestLog) async throws -> LoopbackServer {
        let router = Router()
        router.put("**") { request, _ in
            let earlier = log.record("put", headers: ["authorization": request.headers[.authorization] ?? ""])
            var body = try await request.body.collect(upTo: 1 << 20)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            if earlier < failures {
                let code = status.code == 503 ? "SlowDown" : "InternalError"
                return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(
                    string: "<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>try again</Message></Error>")))
            }
            let etag = "\"" + Insecure.MD5.hash(data: bytes).map { String(format: "%02x", $0) }.joined() + "\""
            return Response(status: .ok, headers: [.eTag: etag])
        }
        return try await LoopbackServer.start(router)
    }

    static func client(_ server: LoopbackServer, attempts: Int) -> S3Client {
        var configuration = S3Configuration(
            endpoint: server.baseURL, credentials: S3Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Secret("retry-secret")))
        configuration.retry = RetryPolicy(attempts: attempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
        return S3Client(configuration: configuration)
    }

    @Test func slowDownAndInternalErrorsAreRetriedUntilTheStoreAccepts() async throws {
        for status in [HTTPResponse.Status.serviceUnavailable, .internalServerError] {
            let log = RequestLog()
            let server = try await Self.flakyStore(failures: 2, status: status, log: log)
            let stored = try await Self.client(server, attempts: 4).put(Data("payload".utf8), at: S3Location(bucket: "bucket", key: "k"))
            #expect(stored.etag == "321c3cf486ed509164edec1e1981fec8")
            #expect(log.requests("put").count == 3)
            #expect(log.requests("put").allSatisfy { $0.headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true })
            await server.stop()
        }
    }

    @Test func aDownloadThatDiffersFromItsETagIsRemoved() throws {
        let s3 = S3Client(configuration: S3Configuration(
            endpoint: "http://127.0.0.1:9", credentials: S3Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Secret("secret"))))
        let folder = try TemporaryDirectory()
        let path = try S3ClientTests.makeFile(folder, "file", size: 5000, seed: 7)
        let location = S3Location(bucket: "sci-check", key: "f")
        #expect(throws: S3Error.self) {
            try s3.verifyDownloaded(path, object: S3Object(key: "f", size: 5000, etag: String(repeating: "0", count: 32)), location: location)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aStoreThatKeepsFailingGivesItsOwnErrorCode() async throws {
        let log = RequestLog()
        let server = try await Self.flakyStore(failures: 10, status: .serviceUnavailable, log: log)
        let error = await #expect(throws: S3Error.self) {
            try await Self.client(server, attempts: 3).put(Data("payload".utf8), at: S3Location(bucket: "bucket", key: "k"))
        }
        #expect(error == .service(code: "SlowDown", message: "try again", status: 503, resource: "s3://bucket/k"))
        #expect(log.requests("put").count == 3)
        #expect(error?.sciError.description.contains("retry-secret") == false)
        await server.stop()
    }

    /// A loopback "S3" serving `PatternData` objects of `size` bytes under the ETag `etag`, whose first GET is cut
    /// halfway (a dropped connection).
    static func cuttingStore(size: Int64, etag: String, log: RequestLog) async throws -> LoopbackServer {
        let router = Router()
        router.head("**") { _, _ in
            Response(status: .ok, headers: [.contentLength: String(size), .eTag: "\"\(etag)\""])
        }
        router.get("**") { request, _ in
            let earlier = log.record("get", headers: ["range": request.headers[.range] ?? ""])
            var response = HTTPFixtureRoutes.patternResponse(size: size, range: request.headers[.range], cutAt: earlier == 0 ? size / 2 : nil)
            response.headers[.eTag] = "\"\(etag)\""
            return response
        }
        return try await LoopbackServer.start(router)
    }

    static func patternMD5(size: Int64) -> String {
        var md5 = Insecure.MD5()
        PatternData.forEachSlice(offset: 0, count: size) { md5.update(data: Data($0)) }
        return md5.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test func aDroppedConnectionResumesAndTheFileIsChecked() async throws {
        let size: Int64 = 3 << 20
        let log = RequestLog()
        let server = try await Self.cuttingStore(size: size, etag: Self.patternMD5(size: size), log: log)
        let folder = try TemporaryDirectory()
        let object = try await Self.client(server, attempts: 3).download(S3Location(bucket: "bucket", key: "map.bin"), to: folder.file("map.bin"))
        #expect(object.size == size)
        #expect(PatternData.checksum(size: size) == (try Checksum.xxh64(ofFileAt: folder.file("map.bin"))))
        let gets = log.requests("get")
        #expect(gets.count == 2)
        // The second attempt asked only for what was missing.
        #expect(gets.last?.headers["range"]?.hasPrefix("bytes=") == true && gets.last?.headers["range"] != "bytes=0-")
        await server.stop()
    }

    @Test func bytesThatDifferFromTheETagAreNotKept() async throws {
        let size: Int64 = 100_000
        let server = try await Self.cuttingStore(size: size, etag: String(repeating: "ab", count: 16), log: RequestLog())
        let folder = try TemporaryDirectory()
        let error = await #expect(throws: S3Error.self) {
            try await Self.client(server, attempts: 3).download(S3Location(bucket: "bucket", key: "map.bin"), to: folder.file("map.bin"))
        }
        #expect(error?.sciError.message.contains("checksum") == true)
        #expect(try folder.contents().isEmpty)
        await server.stop()
    }
}

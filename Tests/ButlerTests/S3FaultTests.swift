@testable import Butler
import Foundation
import Hummingbird
import NIOCore
import SciCore
import SciHTTP
import SciS3
import Synchronization
import Testing
import TestSupport

/// The S3 datastore behind a store that fails: a loopback proxy in front of a real moto answers some PUTs with 503
/// (`SlowDown`) or 500. An ingest either completes on retry, or fails and leaves the repository as it was: no registry
/// rows, no objects.
@Suite(.serialized, .enabled(if: MotoServer.isInstalled, "needs moto: `make test` installs it in ~/.cache/sci/peers/s3"))
struct S3FaultTests {
    /// A proxy to `moto` that answers the PUTs `fails(earlierToThisKey, earlierInAll)` picks with `status`, and
    /// passes everything else through.
    static func flakyProxy(
        to moto: MotoServer, status: Hummingbird.HTTPResponse.Status, fails: @escaping @Sendable (Int, Int) -> Bool
    ) async throws -> LoopbackServer {
        let puts = Mutex<(all: Int, byKey: [String: Int])>((0, [:]))
        let upstream = HTTPClient(configuration: {
            var configuration = HTTPClientConfiguration(timeout: .seconds(30))
            configuration.retry = .none
            return configuration
        }())
        let router = Router()
        let methods: [(Hummingbird.HTTPRequest.Method, SciHTTP.HTTPMethod)] = [
            (.get, .get), (.head, .head), (.put, .put), (.post, .post), (.delete, .delete),
        ]
        for (method, forwarded) in methods {
            for path in ["/", "**"] {
                router.on(RouterPath(path), method: method) { (request: Request, _: BasicRequestContext) -> Response in
                    // The body is read first even when the answer is a failure, so the connection stays usable.
                    var body = try await request.body.collect(upTo: 64 << 20)
                    let bytes = body.readBytes(length: body.readableBytes) ?? []
                    if forwarded == .put, puts.withLock({ count in
                        defer { count.all += 1; count.byKey[request.uri.path, default: 0] += 1 }
                        return fails(count.byKey[request.uri.path] ?? 0, count.all)
                    }) {
                        let code = status == .serviceUnavailable ? "SlowDown" : "InternalError"
                        return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(
                            string: "<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>try again</Message></Error>")))
                    }
                    var headers = HTTPHeaders()
                    for field in request.headers where !["host", "content-length", "expect"].contains(field.name.canonicalName) {
                        headers.add(field.name.rawName, field.value)
                    }
                    // libcurl labels a body in memory as a form, which moto would store as nothing.
                    if headers["Content-Type"] == nil { headers["Content-Type"] = "application/octet-stream" }
                    let outgoing = SciHTTP.HTTPRequest(
                        forwarded, moto.endpoint + request.uri.string, headers: headers, body: forwarded == .put || forwarded == .post ? Data(bytes) : nil)
                    let answer: SciHTTP.HTTPResponse
                    do { answer = try await upstream.send(outgoing) } catch SciHTTP.HTTPError.status(let code, let excerpt, _) {
                        return Response(status: .init(code: code), body: ResponseBody(byteBuffer: ByteBuffer(string: excerpt)))
                    }
                    var fields = HTTPFields()
                    if let value = answer.headers["ETag"] { fields[.eTag] = value }
                    if let value = answer.headers["Content-Type"] { fields[.contentType] = value }
                    if forwarded == .head, let length = answer.headers["Content-Length"] { fields[.contentLength] = length }
                    return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
                }
            }
        }
        return try await LoopbackServer.start(router)
    }

    /// How the butler reaches the store through `proxy`, with quick retries.
    static func s3(_ proxy: LoopbackServer, _ moto: MotoServer, attempts: Int) -> S3Configuration {
        var configuration = S3Configuration(
            endpoint: proxy.baseURL,
            credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey)))
        configuration.retry = RetryPolicy(attempts: attempts, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
        return configuration
    }

    @Test func anIngestCompletesWhenTheStoreRecoversOnRetry() async throws {
        let (moto, direct, client) = try S3DatastoreTests.store()
        defer { moto.stop() }
        for status in [Hummingbird.HTTPResponse.Status.serviceUnavailable, .internalServerError] {
            // Every object's first PUT fails: each is tried again and lands.
            let proxy = try await Self.flakyProxy(to: moto, status: status) { earlier, _ in earlier == 0 }
            do {
                let folder = try TemporaryDirectory()
                let made = try S3DatastoreTests.makeRepository(folder, direct, root: "s3://sci-butler/\(status.code)")
                let butler = try Butler(root: made.root, s3: Self.s3(proxy, moto, attempts: 3))
                let refs = try butler.ingest(
                    try S3DatastoreTests.notes(folder, "in", observations: 1...60), datasetType: "note", run: "r", transfer: .copy, createRecords: true)
                #expect(refs.count == 120)
                #expect(try S3DatastoreTests.keys(client, under: "\(status.code)/") == refs.map { "\(status.code)/" + $0.path! }.sorted())
                #expect(try Butler(root: butler.root, s3: direct).get(refs[119]) == .text("note 60 2\n"))
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    @Test func anIngestTheStoreKeepsRefusingLeavesTheRepositoryAsItWas() async throws {
        let (moto, direct, client) = try S3DatastoreTests.store()
        defer { moto.stop() }
        // After the first 30 PUTs, every PUT fails, however often it is tried.
        let proxy = try await Self.flakyProxy(to: moto, status: .serviceUnavailable) { _, all in all >= 30 }
        let folder = try TemporaryDirectory()
        let made = try S3DatastoreTests.makeRepository(folder, direct)
        let butler = try Butler(root: made.root, s3: Self.s3(proxy, moto, attempts: 3))
        let message = errorMessage {
            try butler.ingest(try S3DatastoreTests.notes(folder, "in", observations: 1...60), datasetType: "note", run: "r", transfer: .copy, createRecords: true)
        }
        #expect(message?.contains("SlowDown") == true, "\(message ?? "no error")")
        #expect(try S3DatastoreTests.keys(client, under: "data/").isEmpty)
        #expect(try butler.registry.collections().isEmpty)
        #expect(try Butler(root: butler.root, s3: direct).registry.collections().isEmpty)
        await proxy.stop()
    }
}

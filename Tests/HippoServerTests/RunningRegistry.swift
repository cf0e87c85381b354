import Foundation
import Logging
@testable import HippoServer
import SciCore
import SciHTTP
import TestSupport

/// A registry server on loopback over a temporary root, with an admin key and a client that sends it.
final class RunningRegistry: Sendable {
    let root: TemporaryDirectory
    let server: HippoServer
    let task: Task<Void, any Error>
    let port: Int
    let client: HTTPClient
    /// The admin key the client sends; nil under `--auth none`.
    let key: Secret?
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server; `root` reuses an earlier registry's folder, as a restart would.
    init(
        root: TemporaryDirectory? = nil, access: AccessPolicy = .keys(publicReads: false), uploadLifetime: TimeInterval = 86_400,
        configure: (inout HippoServerConfiguration) -> Void = { _ in }
    ) async throws {
        self.root = try root ?? TemporaryDirectory("hippo-test")
        var configuration = HippoServerConfiguration(root: self.root.path)
        configuration.access = access
        configuration.uploadLifetime = uploadLifetime
        configure(&configuration)
        server = try await HippoServer(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        (port, task) = try await server.start()
        var clientConfiguration = HTTPClientConfiguration()
        clientConfiguration.retry = .none
        if access != .none {
            let keys = try configuration.database.map { try APIKeys(database: $0) } ?? APIKeys(root: self.root.path)
            let key = try keys.add(name: "admin-\(UUID().uuidString.prefix(8))", scopes: Set(Scope.allCases))
            clientConfiguration.authenticator = BearerToken(key)
            self.key = key
        } else {
            key = nil
        }
        client = HTTPClient(configuration: clientConfiguration)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// A raw request with the admin key (unless `headers` name their own Authorization), answered whatever the status.
    func raw(_ method: String, _ path: String, headers: [(String, String)] = [], body: Data = Data()) async throws -> RawHTTP.Answer {
        var fields = headers
        if let key, !fields.contains(where: { $0.0.lowercased() == "authorization" }) { fields.append(("Authorization", "Bearer \(key.reveal())")) }
        return try await RawHTTP.send(port: port, method: method, path: path, headers: fields, body: body)
    }

    /// A raw JSON request with the admin key.
    func raw(_ method: String, _ path: String, json: JSONValue) async throws -> RawHTTP.Answer {
        try await raw(method, path, headers: [("Content-Type", "application/json")], body: Data(json.jsonString().utf8))
    }

    /// Sends JSON and returns the JSON answer.
    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let request = body.map { HTTPRequest.json(method, baseURL + path, body: $0) } ?? HTTPRequest(method, baseURL + path)
        return try JSONValue(parsing: try await client.send(request).body)
    }

    /// The status of a call that is expected to fail, and its detail.
    func failure(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async -> (Int, String) {
        do {
            try await call(method, path, body)
            return (200, "")
        } catch HTTPError.status(let code, let excerpt, _) {
            return (code, excerpt)
        } catch {
            return (0, "\(error)")
        }
    }

    /// Uploads every part listed in `urls` from `file`, split by `partSize`, and returns the completion body.
    func uploadParts(_ urls: [String: JSONValue], files: [String: String], partSize: Int64) async throws -> JSONValue {
        var headers: [String: JSONValue] = [:]
        var sizes: [String: JSONValue] = [:]
        for (name, list) in urls {
            guard case .array(let parts) = list, let path = files[name] else { continue }
            let size = FileDescriptor.size(of: path) ?? 0
            var partHeaders: [JSONValue] = []
            var partSizes: [JSONValue] = []
            for (index, url) in parts.enumerated() {
                let start = Int64(index) * partSize
                let range = start..<min(size, start + partSize)
                let response = try await client.upload(file: path, range: range, to: HTTPRequest(.put, url.stringValue!))
                partHeaders.append(.object(["ETag": .string(response.headers["ETag"] ?? "")]))
                partSizes.append(.int(Int64(range.count)))
            }
            headers[name] = .array(partHeaders)
            sizes[name] = .array(partSizes)
        }
        return .object(["headers": .object(headers), "sizes": .object(sizes)])
    }

    /// Creates a product from files on disk through the whole flow: new, part uploads, complete, confirm.
    func push(
        name: String, files: [String: String], metadata: JSONValue = .null, partSize: Int64 = 4096
    ) async throws -> String {
        let sources = JSONValue.object(files.mapValues { path in
            .object([
                "name": .string(URL(fileURLWithPath: path).lastPathComponent),
                "size": .int(FileDescriptor.size(of: path) ?? 0),
                "checksum": .string(try! Checksum.xxh64(ofFileAt: path).description),
                "description": .string("a test file"),
            ])
        })
        let created = try await call(
            .put, "/product/new",
            .object([
                "name": .string(name), "description": .string("made by a test"), "metadata": metadata, "sources": sources,
                "multipart_batch_size": .int(partSize),
            ]))
        let id = created["id"]!.stringValue!
        guard case .object(let urls) = created["upload_urls"]! else { throw SciError("no upload_urls") }
        let byName = Dictionary(uniqueKeysWithValues: files.values.map { (URL(fileURLWithPath: $0).lastPathComponent, $0) })
        try await call(.post, "/product/\(id)/complete", try await uploadParts(urls, files: byName, partSize: partSize))
        try await call(.post, "/product/\(id)/confirm")
        return id
    }
}

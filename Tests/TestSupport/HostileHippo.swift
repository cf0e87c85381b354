public import Foundation
public import Hummingbird
import NIOCore
import SciCore

/// A HIPPO server that lies: each product id plays one trick on a client that pulls or downloads it (names that
/// climb out of the cache, sizes no disk holds, checksums that do not match, bodies cut short or without end).
/// A client must refuse every one with one clear line and write nothing outside its folders.
public enum HostileHippo {
    /// One lie, served as the product whose id `HostileHippo.id(of:)` gives.
    public enum Trick: String, CaseIterable, Sendable {
        /// `object_name` climbs out of the cache: `../../escape/x`.
        case traversalObjectName
        /// `object_name` is an absolute path.
        case absoluteObjectName
        /// The file's name climbs out of its product folder.
        case traversalFileName
        /// The slug is `..`.
        case traversalSlug
        /// The product's name is a path.
        case traversalProductName
        /// The size is Int64.max.
        case hugeSize
        /// The size is negative.
        case negativeSize
        /// The checksum is that of other bytes.
        case wrongChecksum
        /// The checksum is not an xxh64 checksum at all.
        case noChecksum
        /// The body stops halfway and the connection drops, every time.
        case truncatedBody
        /// The body goes on far past the declared size.
        case endlessBody
    }

    /// The bytes every honest part of a file holds.
    public static let content = Data("hello world".utf8)

    /// The product id that plays `trick`.
    public static func id(of trick: Trick) -> String {
        let index = Trick.allCases.firstIndex(of: trick)!
        let hex = String(index + 1, radix: 16)
        return String(repeating: "0", count: 24 - hex.count) + hex
    }

    static func trick(_ id: String) -> Trick? { Trick.allCases.first { self.id(of: $0) == id } }

    /// The routes: `GET /product/{id}`, `GET /product/{id}/files`, and the download URLs they name.
    public static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("product/:id") { request, context in
            guard let trick = trick(try context.parameters.require("id")) else { return Response(status: .notFound) }
            let version = product(trick, baseURL: base(request))
            return json(["current_present": true, "current": "1.0.0", "requested": "1.0.0", "versions": ["1.0.0": version]])
        }
        router.get("product/:id/files") { request, context in
            guard let trick = trick(try context.parameters.require("id")) else { return Response(status: .notFound) }
            let file = self.file(trick, baseURL: base(request))
            return json(["product": product(trick, baseURL: base(request)), "files": [slug(trick): file]])
        }
        router.get("download/:trick") { _, context in
            guard let trick = Trick(rawValue: try context.parameters.require("trick")) else { return Response(status: .notFound) }
            switch trick {
            case .truncatedBody:
                let body = ResponseBody(contentLength: content.count) { writer in
                    try await writer.write(ByteBuffer(bytes: content.prefix(4)))
                    throw CancellationError()
                }
                return Response(status: .ok, headers: [.contentLength: "\(content.count)"], body: body)
            case .endlessBody:
                let body = ResponseBody { writer in
                    let chunk = ByteBuffer(repeating: 0x41, count: 64 << 10)
                    for _ in 0..<1024 { try await writer.write(chunk) }
                    try await writer.finish(nil)
                }
                return Response(status: .ok, body: body)
            default:
                return Response(status: .ok, headers: [.contentLength: "\(content.count)"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: content)))
            }
        }
        return router
    }

    private static func base(_ request: Request) -> String { "http://\(request.head.authority ?? "127.0.0.1")" }

    private static func slug(_ trick: Trick) -> String { trick == .traversalSlug ? ".." : "data" }

    private static func file(_ trick: Trick, baseURL: String) -> JSONValue {
        let uuid = "0badf11e-0000-4000-8000-\(id(of: trick).suffix(12))"
        let name = trick == .traversalFileName ? "../../escape.txt" : "hello.txt"
        let objectName: String
        switch trick {
        case .traversalObjectName: objectName = "../../escape/x"
        case .absoluteObjectName: objectName = "/tmp/sci-hostile-\(uuid)"
        default: objectName = "mallory/\(uuid)/\(name)"
        }
        let size: Int64 = trick == .hugeSize ? .max : trick == .negativeSize ? -1 : Int64(content.count)
        let checksum: String
        switch trick {
        case .wrongChecksum: checksum = Checksum.xxh64(of: Data("other bytes".utf8)).description
        case .noChecksum: checksum = "test_checksum"
        default: checksum = Checksum.xxh64(of: content).description
        }
        return [
            "uuid": .string(uuid), "name": .string(name), "size": .int(size), "slug": .string(slug(trick)), "checksum": .string(checksum),
            "url": .string("\(baseURL)/download/\(trick.rawValue)"), "object_name": .string(objectName), "available": true,
            "uploader": "mallory", "description": "a lie",
        ]
    }

    private static func product(_ trick: Trick, baseURL: String) -> JSONValue {
        [
            "id": .string(id(of: trick)), "name": .string(trick == .traversalProductName ? "../../escape" : "hostile \(trick.rawValue)"),
            "description": "d", "metadata": ["metadata_type": "simple"], "uploaded": "2026-01-01T00:00:00.000000",
            "updated": "2026-01-01T00:00:00.000000", "current": true, "version": "1.0.0", "sources": [slug(trick): file(trick, baseURL: baseURL)],
            "owner": "mallory", "replaces": .null, "readers": ["mallory"], "writers": ["mallory"], "child_of": [], "parent_of": [], "collections": [],
        ]
    }

    private static func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonString())))
    }
}

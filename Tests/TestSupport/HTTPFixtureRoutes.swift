import Foundation
public import Hummingbird
import NIOCore
public import SciCore

/// The routes the SciHTTP tests and benchmarks talk to: JSON, redirects, error statuses, flaky, slow and trickling answers,
/// large generated bodies with `Range`, a body cut halfway, uploads hashed as they stream in, and header echoes.
public enum HTTPFixtureRoutes {
    /// A router with every fixture route, recording requests in `log`.
    public static func router(log: RequestLog = RequestLog()) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("json") { _, _ in
            jsonResponse(["name": "sci", "values": [1, 2, 3], "nested": ["ok": true]])
        }
        router.get("headers") { request, _ in
            jsonResponse(.object(headerPairs(request).mapValues { .string($0) }))
        }
        router.post("echo") { request, _ in try await echo(request) }
        router.put("echo") { request, _ in try await echo(request) }
        router.get("redirect") { request, _ in
            let target = request.uri.queryParameters.get("to") ?? "/json"
            return Response(status: .found, headers: [.location: target])
        }
        router.get("status/:code") { _, context in
            let code = try context.parameters.require("code", as: Int.self)
            return textResponse("status \(code) body", status: HTTPResponse.Status(code: code))
        }
        let flaky: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            let key = try context.parameters.require("key")
            let query = request.uri.queryParameters
            let earlier = log.record("flaky/\(key)", headers: headerPairs(request))
            if earlier < query.get("failures", as: Int.self) ?? 2 {
                var headers: HTTPFields = [:]
                if let retryAfter = query.get("retryAfter") { headers[.retryAfter] = retryAfter }
                return Response(status: HTTPResponse.Status(code: query.get("status", as: Int.self) ?? 503), headers: headers,
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "try later")))
            }
            return jsonResponse(["attempts": .int(Int64(earlier + 1))])
        }
        router.get("flaky/:key", use: flaky)
        router.post("flaky/:key", use: flaky)
        router.get("slow") { request, _ in
            log.record("slow", headers: headerPairs(request))
            try await Task.sleep(for: .milliseconds(request.uri.queryParameters.get("ms", as: Int.self) ?? 1000))
            return textResponse("finally")
        }
        router.get("trickle") { request, _ in
            // `chunks` pieces of 1 KiB, one every `ms` milliseconds after the headers; `stall` ms of silence first.
            let query = request.uri.queryParameters
            let chunks = query.get("chunks", as: Int.self) ?? 4, pause = query.get("ms", as: Int.self) ?? 250
            let stall = query.get("stall", as: Int.self) ?? 0
            let body = ResponseBody(contentLength: chunks * 1024) { writer in
                if stall > 0 { try await Task.sleep(for: .milliseconds(stall)) }
                for _ in 0..<chunks {
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "x"), count: 1024))
                    try await Task.sleep(for: .milliseconds(pause))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: body)
        }
        router.get("bytes") { request, _ in
            let size = request.uri.queryParameters.get("size", as: Int64.self) ?? 1024
            log.record("bytes", headers: headerPairs(request))
            return patternResponse(size: size, range: request.headers[.range], cutAt: nil)
        }
        router.get("cut/:key") { request, context in
            // The first request's body stops halfway and the connection drops; later ones honour Range.
            let key = try context.parameters.require("key")
            let size = request.uri.queryParameters.get("size", as: Int64.self) ?? 1 << 20
            let earlier = log.record("cut/\(key)", headers: headerPairs(request))
            return patternResponse(size: size, range: request.headers[.range], cutAt: earlier == 0 ? size / 2 : nil)
        }
        router.put("upload") { request, _ in
            var hasher = XXH64Hasher()
            var size: Int64 = 0
            for try await buffer in request.body {
                buffer.withUnsafeReadableBytes { hasher.update($0) }
                size += Int64(buffer.readableBytes)
            }
            log.record("upload", headers: headerPairs(request))
            var response = jsonResponse(["size": .int(size), "checksum": .string(hasher.checksum.description)])
            response.headers[.eTag] = "\"\(hasher.checksum.hex)\""
            return response
        }
        return router
    }

    static func headerPairs(_ request: Request) -> [String: String] {
        var pairs: [String: String] = [:]
        for field in request.headers { pairs[field.name.canonicalName] = field.value }
        return pairs
    }

    static func echo(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 20)
        return jsonResponse([
            "method": .string(request.method.rawValue),
            "body": .string(String(buffer: body)),
            "contentType": .string(request.headers[.contentType] ?? ""),
        ])
    }

    /// A JSON response.
    public static func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonString())))
    }

    static func textResponse(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// `PatternData` bytes `0..<size`, or the requested `bytes=a-` range; with `cutAt`, the body stops there.
    public static func patternResponse(size: Int64, range: String?, cutAt: Int64?) -> Response {
        var start: Int64 = 0
        var status = HTTPResponse.Status.ok
        var headers: HTTPFields = [.contentType: "application/octet-stream", .acceptRanges: "bytes"]
        if let range, range.hasPrefix("bytes="), let from = Int64(range.dropFirst(6).split(separator: "-").first ?? "") {
            guard from < size else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            start = from
            status = .partialContent
            headers[.contentRange] = "bytes \(from)-\(size - 1)/\(size)"
        }
        let first = start
        let length = size - first
        headers[.contentLength] = String(length)
        let body = ResponseBody(contentLength: Int(length)) { writer in
            let stop = cutAt.map { min($0, size) } ?? size
            var position = first
            var chunk = ByteBuffer()
            chunk.reserveCapacity(256 << 10)
            while position < stop {
                let count = min(Int64(256 << 10), stop - position)
                chunk.clear()
                PatternData.forEachSlice(offset: position, count: count) { chunk.writeBytes($0) }
                try await writer.write(chunk)
                position += count
            }
            if stop < size { throw CancellationError() }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}

import Foundation
import Hummingbird
import SciCore

/// The routes behind the signed URLs the registry hands out: part uploads (S3-like `PUT`, answering an `ETag`)
/// and file downloads (honouring `Range`).
struct TransferRoutes: Sendable {
    let registry: Registry
    let fileIO = FileIO()

    func add(to router: Router<BasicRequestContext>) {
        router.put("upload/:uuid/:part") { request, context in
            let uuid = try Wire.parameter("uuid", context)
            guard let number = Int(try Wire.parameter("part", context)) else { throw HippoError(404, "part numbers are integers") }
            let query = request.uri.queryParameters
            let (_, offset, expected) = try await registry.pendingPart(
                uuid: uuid, number: number, expires: query.get("expires"), signature: query.get("signature"))
            // Resending a part overwrites its bytes: until this copy is whole, the part counts as missing.
            try await registry.forgetPart(uuid: uuid, number: number)
            let writer = try BlobStore.PartWriter(store: registry.blobs, upload: uuid, offset: offset)
            for try await buffer in request.body {
                guard Int64(buffer.readableBytes) <= expected - writer.size else {
                    throw HippoError(400, "part \(number) must be \(expected) bytes; more arrived")
                }
                try buffer.withUnsafeReadableBytes { try writer.write($0) }
            }
            guard writer.size == expected else { throw HippoError(400, "part \(number) must be \(expected) bytes; \(writer.size) arrived") }
            let etag = try writer.commit()
            try await registry.recordPart(uuid: uuid, number: number, size: expected, etag: etag)
            return Response(status: .ok, headers: [.eTag: "\"\(etag)\""])
        }
        router.get("download/:uuid/:name") { request, context in try await download(request, context, head: false) }
        router.head("download/:uuid/:name") { request, context in try await download(request, context, head: true) }
    }

    private func download(_ request: Request, _ context: BasicRequestContext, head: Bool) async throws -> Response {
        let uuid = try Wire.parameter("uuid", context)
        let query = request.uri.queryParameters
        try registry.signer.check("/download/\(uuid)", expires: query.get("expires"), signature: query.get("signature"))
        guard registry.storage is BlobStore else { throw HippoError(404, "files are downloaded from the object store, not here") }
        guard let file = try await registry.pool.read({ try FileRow.find($0, uuid: uuid) }), let blob = file.blob else {
            throw HippoError(404, "file \(uuid) not found")
        }
        let path = registry.blobs.path(ofBlob: blob)
        var headers: HTTPFields = [
            .contentType: "application/octet-stream", .acceptRanges: "bytes", .eTag: "\"\(Checksum(parsing: file.checksum)?.hex ?? "")\"",
        ]
        let range = try ByteRange.resolve(request.headers[.range], size: file.size)
        let status: HTTPResponse.Status = range == nil ? .ok : .partialContent
        // An empty file has no byte to name: `0...(size - 1)` would be a reversed range.
        let span = range ?? (file.size > 0 ? 0...(file.size - 1) : nil)
        headers[.contentLength] = String(span.map { $0.upperBound - $0.lowerBound + 1 } ?? 0)
        if let range { headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(file.size)" }
        guard !head, let span, let lower = Int(exactly: span.lowerBound), let upper = Int(exactly: span.upperBound) else {
            return Response(status: status, headers: headers)
        }
        let body = try await fileIO.loadFile(path: path, range: lower...upper, context: context, chunkLength: 1 << 20)
        return Response(status: status, headers: headers, body: body)
    }
}

import Foundation
import HippoMeta
import Hummingbird

/// An error answered to the client as HIPPO's FastAPI does: a status and `{"detail": "..."}`.
struct HippoError: Error, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// The message shown to the client.
    let detail: String
    /// Headers the answer needs besides its body, such as 416's `Content-Range`.
    let headers: HTTPFields

    /// An error with a status code and a message.
    init(_ code: Int, _ detail: String, headers: HTTPFields = [:]) {
        self.status = HTTPResponse.Status(code: code)
        self.detail = detail
        self.headers = headers
    }

    var description: String { "\(status.code) \(detail)" }

    /// The JSON body `{"detail": ...}`.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONEncoder().encode(["detail": detail])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HippoError {
    /// The answer to metadata hippometa would reject: 400 for a slug the type does not allow, 422 (pydantic's) otherwise.
    init(_ error: MetadataError) {
        self.init(error.invalidSlug == nil ? 422 : 400, error.message)
    }

    /// Runs a metadata check, answering its failure as HIPPO does.
    static func checking<T>(_ check: () throws(MetadataError) -> T) throws(HippoError) -> T {
        do { return try check() } catch { throw HippoError(error) }
    }
}

import Foundation
import Hummingbird
import SciCore

/// Reading requests and writing answers as HIPPO's FastAPI does: JSON both ways, `null` for routes that return nothing.
enum Wire {
    /// Decodes a JSON body of at most `limit` bytes; 413 when larger, 422 with the reason when malformed.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw HippoError(413, "the request body is larger than \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw HippoError(422, "malformed request body: \(error.jsonPath): \(error.reason)")
        } catch let error as HippoError {
            throw error
        } catch {
            throw HippoError(422, "malformed request body: \(error)")
        }
    }

    /// A 200 answer with a JSON body.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: value.jsonString())))
    }

    /// A 200 answer whose body is JSON text already written.
    static func json(bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The `null` answer of HIPPO's routes that return nothing.
    static var null: Response { json(.null) }

    /// A path parameter that holds an id: as `parameter`, with an id in upper case made lower case, since MongoDB's
    /// ObjectId (and so HIPPO) accepts either and every id this registry hands out is lower case.
    static func id(_ name: String, _ context: BasicRequestContext) throws -> String {
        let value = try parameter(name, context)
        return ObjectID.isValid(value.lowercased()) ? value.lowercased() : value
    }

    /// A path parameter, which the router guarantees, percent-decoded: the router hands captures over as sent, and
    /// clients encode names and search words (`sci%20peer` for `sci peer`).
    static func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
        guard let value = context.parameters.get(name) else { throw HippoError(404, "missing \(name)") }
        guard let decoded = value.removingPercentEncoding else { throw HippoError(422, "malformed percent-encoding in \(value)") }
        return decoded
    }
}

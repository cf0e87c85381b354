public import Foundation
public import SciCore

/// A response held in memory: status, headers, body, and the URL that answered after redirects.
public struct HTTPResponse: Sendable {
    /// The status code of the final response.
    public var status: Int
    /// The final response's headers.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Data
    /// The URL that answered, after any redirects.
    public var url: String

    /// Decodes the body as JSON; a mismatch names the JSON path that failed and the URL.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try decoder.decode(type, from: body)
        } catch let error as DecodingError {
            throw HTTPError(decoding: error, url: url)
        }
    }

    /// The body as free-form JSON, read straight from the bytes: faster than decoding `JSONValue` with `JSONDecoder`,
    /// and a float such as `300.0` stays a float. Text that is not JSON is a `.decoding` error naming the URL.
    public func json() throws -> JSONValue {
        do {
            return try JSONParser.parse(body)
        } catch let error as JSONParser.Failure {
            throw HTTPError.decoding(path: "byte \(error.offset)", message: error.reason, url: url)
        }
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

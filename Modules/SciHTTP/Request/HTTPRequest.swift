public import Foundation
public import SciCore

/// One HTTP request: method, URL, headers and an optional body held in memory.
public struct HTTPRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute URL.
    public var url: String
    /// Headers sent in addition to the client's defaults and the authenticator's.
    public var headers: HTTPHeaders
    /// The body, for small JSON or form payloads; files go through `HTTPClient.upload`.
    public var body: Data?
    /// Overrides the client's total timeout for this request.
    public var timeout: Duration?
    /// Lets retries repeat a non-idempotent request (POST, PATCH) the caller knows to be safe.
    public var retryEvenIfNotIdempotent = false

    /// A request with no body.
    public init(_ method: HTTPMethod = .get, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A request whose body is a value encoded as JSON.
    public static func json(_ method: HTTPMethod, _ url: String, body: some Encodable, headers: HTTPHeaders = [:]) throws -> HTTPRequest {
        jsonBody(method, url, try JSONEncoder().encode(body), headers: headers)
    }

    /// A request whose body is free-form JSON, written by `JSONValue` so that a float such as `300.0` arrives as a
    /// float (JSONEncoder would send `300`, which the server reads as an integer).
    public static func json(_ method: HTTPMethod, _ url: String, body: JSONValue, headers: HTTPHeaders = [:]) -> HTTPRequest {
        jsonBody(method, url, Data(body.jsonString().utf8), headers: headers)
    }

    private static func jsonBody(_ method: HTTPMethod, _ url: String, _ body: Data, headers: HTTPHeaders) -> HTTPRequest {
        var request = HTTPRequest(method, url, headers: headers, body: body)
        request.headers["Content-Type"] = "application/json"
        if request.headers["Accept"] == nil { request.headers["Accept"] = "application/json" }
        return request
    }

    /// Whether retrying this request is safe.
    var mayRetry: Bool { method.isIdempotent || retryEvenIfNotIdempotent }
}

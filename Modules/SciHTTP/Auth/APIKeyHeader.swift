public import SciCore

/// Sends an API key in a header: `X-API-Key: KEY`, or with a scheme such as Tiled's `Authorization: Apikey KEY`.
public struct APIKeyHeader: Authenticator {
    private let name: String
    private let scheme: String?
    private let key: Secret

    /// A key sent in header `name`, prefixed by `scheme` and a space when given.
    public init(name: String = "X-API-Key", scheme: String? = nil, key: Secret) {
        self.name = name
        self.scheme = scheme
        self.key = key
    }

    public func authorize(_ request: inout HTTPRequest) async throws {
        request.headers[name] = scheme.map { "\($0) \(key.reveal())" } ?? key.reveal()
    }
}

/// Adds credentials to requests. Implementations hold their secrets as `Secret`, so the values never reach logs.
public protocol Authenticator: Sendable {
    /// Adds credentials to a request just before it is sent (after retries and redirects are decided).
    func authorize(_ request: inout HTTPRequest) async throws
    /// Called after a 401; returns true when fresh credentials were obtained and the request should be sent once more.
    func refreshAfterUnauthorized() async throws -> Bool
}

extension Authenticator {
    public func refreshAfterUnauthorized() async throws -> Bool { false }
}

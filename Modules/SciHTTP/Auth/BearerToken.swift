public import SciCore

/// Sends `Authorization: Bearer TOKEN`.
public struct BearerToken: Authenticator {
    private let token: Secret

    /// A fixed bearer token.
    public init(_ token: Secret) { self.token = token }

    public func authorize(_ request: inout HTTPRequest) async throws {
        request.headers["Authorization"] = "Bearer \(token.reveal())"
    }
}

/// Sends requests without credentials.
public struct NoAuthentication: Authenticator {
    /// No credentials.
    public init() {}
    public func authorize(_ request: inout HTTPRequest) async throws {}
}

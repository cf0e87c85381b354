import SciCore
public import SciHTTP

/// Device-flow credentials from cmsdials' cache file: sends the access token, refreshes it near expiry (rewriting the
/// file), and says plainly when the cache is too old to refresh.
public final class DeviceCredentials: Authenticator {
    /// The cache file read and rewritten.
    public let cacheFile: String
    private let store: TokenStore

    /// Credentials from the cache file in `cacheDirectory` (default `./.cache`, as cmsdials).
    public init(cacheDirectory: String = DeviceToken.defaultCacheDirectory, authClient: DialsAuthClient = DialsAuthClient()) throws {
        cacheFile = DeviceToken.cacheFile(in: cacheDirectory)
        store = TokenStore(token: try DeviceToken.read(from: cacheFile), file: cacheFile, authClient: authClient)
    }

    public func authorize(_ request: inout HTTPRequest) async throws {
        let token = try await store.current()
        request.headers["Authorization"] = "\(token.tokenType) \(token.accessToken.reveal())"
    }

    public func refreshAfterUnauthorized() async throws -> Bool {
        try await store.refresh()
        return true
    }

    /// One refresh at a time, however many requests need it.
    private actor TokenStore {
        var token: DeviceToken
        let file: String
        let authClient: DialsAuthClient

        init(token: DeviceToken, file: String, authClient: DialsAuthClient) {
            self.token = token
            self.file = file
            self.authClient = authClient
        }

        func current() async throws -> DeviceToken {
            if token.needsRefresh() { try await refresh() }
            return token
        }

        func refresh() async throws {
            if token.refreshExpired() { throw DialsError.staleCredentials(cacheFile: file) }
            token = try await authClient.refresh(token, cacheFile: file)
            try token.write(to: file)
        }
    }
}

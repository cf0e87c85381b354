public import SciCore
public import SciHTTP

/// An application's client id and secret, exchanged at CERN Keycloak's api-access endpoint for a DIALS token
/// (cmsdials' `client_credentials.Credentials`). The token is fetched on first use, renewed in the last tenth of its
/// life and after a 401; the secret itself never leaves for DIALS.
public final class ClientCredentials: Authenticator {
    /// The application's client id.
    public let clientID: String
    private let store: TokenStore

    /// Credentials of the application `clientID`; `authClient` says which Keycloak and DIALS audience.
    public init(clientID: String, secret: Secret, authClient: DialsAuthClient = DialsAuthClient()) {
        self.clientID = clientID
        store = TokenStore(clientID: clientID, secret: secret, authClient: authClient)
    }

    public func authorize(_ request: inout HTTPRequest) async throws {
        let token = try await store.current()
        request.headers["Authorization"] = "\(token.tokenType) \(token.accessToken.reveal())"
    }

    public func refreshAfterUnauthorized() async throws -> Bool {
        _ = try await store.renew()
        return true
    }

    /// One token request at a time, however many requests wait for it.
    private actor TokenStore {
        let clientID: String
        let secret: Secret
        let authClient: DialsAuthClient
        var token: AccessToken?

        init(clientID: String, secret: Secret, authClient: DialsAuthClient) {
            self.clientID = clientID
            self.secret = secret
            self.authClient = authClient
        }

        func current() async throws -> AccessToken {
            if let token, !token.needsRefresh() { return token }
            return try await renew()
        }

        func renew() async throws -> AccessToken {
            let fresh = try await authClient.apiAccessToken(clientID: clientID, secret: secret)
            token = fresh
            return fresh
        }
    }
}

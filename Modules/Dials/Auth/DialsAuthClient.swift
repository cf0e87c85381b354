import Foundation
public import SciCore
import SciHTTP

/// The identity provider side of DIALS logins (CERN Keycloak): the device authorization flow, the exchange of the
/// public app's token for a DIALS token, and refresh, with cmsdials' form fields.
public struct DialsAuthClient: Sendable {
    /// CERN's Keycloak.
    public static let productionKeycloakURL = "https://auth.cern.ch/auth/"

    /// Keycloak's root, ending with `/`.
    public var keycloakURL: String
    /// The realm, `cern`.
    public var realm: String
    /// The public app that runs the device flow.
    public var clientID: String
    /// The DIALS app the token is exchanged for.
    public var audience: String
    /// How much longer to wait after each `slow_down` (RFC 8628 says 5 s).
    public var slowDownIncrement: Duration = .seconds(5)
    private let http: HTTPClient

    /// A client of the production Keycloak unless told otherwise; `timeout`, when given, bounds both the wait for a
    /// connection and for an answer that has stopped moving (by default 10 s and 60 s).
    public init(keycloakURL: String = DialsAuthClient.productionKeycloakURL, realm: String = "cern",
                clientID: String = "cms-dials-prod-public-app", audience: String = "cms-dials-prod-confidential-app",
                timeout: Duration? = nil) {
        self.keycloakURL = keycloakURL.hasSuffix("/") ? keycloakURL : keycloakURL + "/"
        self.realm = realm
        self.clientID = clientID
        self.audience = audience
        var configuration = timeout.map { HTTPClientConfiguration(timeout: $0) } ?? HTTPClientConfiguration()
        configuration.retry = RetryPolicy(attempts: 3)
        self.http = HTTPClient(configuration: configuration)
    }

    private var realmURL: String { "\(keycloakURL)realms/\(realm)/" }
    private var tokenURL: String { realmURL + "protocol/openid-connect/token" }

    /// What the user must visit, and the code the client polls with.
    public struct DeviceAuthorization: Sendable {
        /// The code polled with; a secret.
        public var deviceCode: Secret
        /// The code the user types, when not using the complete URL.
        public var userCode: String?
        /// The page that approves this device.
        public var verificationURIComplete: String
        /// Seconds until the code expires.
        public var expiresIn: Int
        /// Seconds between polls.
        public var interval: Int
    }

    /// Starts the device flow.
    public func startDevice() async throws -> DeviceAuthorization {
        let json = try await post(realmURL + "protocol/openid-connect/auth/device", ["client_id": clientID])
        guard let code = json["device_code"]?.stringValue, let uri = json["verification_uri_complete"]?.stringValue else {
            throw DialsError.authorizationFailed("the identity provider sent no device code")
        }
        return DeviceAuthorization(
            deviceCode: Secret(code), userCode: json["user_code"]?.stringValue, verificationURIComplete: uri,
            // Bounded: a huge interval from the provider would overflow the sleep's nanoseconds and trap.
            expiresIn: min(DeviceToken.lifetime(json["expires_in"], default: 600), 86_400),
            interval: min(DeviceToken.lifetime(json["interval"], default: 5), 300))
    }

    /// Polls until the user approves the device (honouring the server's interval and `slow_down`), then exchanges
    /// the token for a DIALS one.
    public func waitForApproval(_ device: DeviceAuthorization, clock: ContinuousClock = ContinuousClock()) async throws -> DeviceToken {
        let deadline = clock.now + .seconds(device.expiresIn)
        var interval = Duration.seconds(device.interval)
        while true {
            if clock.now >= deadline { throw DialsError.deviceExpired }
            try await Task.sleep(for: interval)
            let form = [
                "client_id": clientID, "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
                "device_code": device.deviceCode.reveal(),
            ]
            do {
                let json = try await post(tokenURL, form)
                return try await exchange(json)
            } catch let error as OAuthError {
                switch error.code {
                case "authorization_pending": continue
                case "slow_down": interval += slowDownIncrement
                case "expired_token": throw DialsError.deviceExpired
                default: throw DialsError.authorizationFailed(error.code)
                }
            }
        }
    }

    /// A fresh token from a refresh token; `DialsError.staleCredentials` when the provider no longer accepts it.
    public func refresh(_ token: DeviceToken, cacheFile: String) async throws -> DeviceToken {
        let form = ["client_id": clientID, "grant_type": "refresh_token", "refresh_token": token.refreshToken.reveal()]
        do {
            return try await exchange(try await post(tokenURL, form))
        } catch let error as OAuthError where error.code == "invalid_grant" {
            throw DialsError.staleCredentials(cacheFile: cacheFile)
        }
    }

    /// A token for an application from its own client id and secret (the client-credentials grant on CERN's
    /// api-access endpoint, asking for the DIALS audience). DIALS accepts it only if the application was granted
    /// API access; a refused secret is `DialsError.authorizationFailed`.
    public func apiAccessToken(clientID: String, secret: Secret) async throws -> AccessToken {
        let json: JSONValue
        do {
            json = try await post(realmURL + "api-access/token", [
                "grant_type": "client_credentials", "client_id": clientID, "client_secret": secret.reveal(), "audience": audience,
            ])
        } catch let error as OAuthError {
            throw DialsError.applicationRefused(clientID: clientID, reason: error.code)
        }
        guard let token = json["access_token"]?.stringValue else {
            throw DialsError.authorizationFailed("the identity provider sent no token")
        }
        return AccessToken(accessToken: Secret(token), tokenType: json["token_type"]?.stringValue ?? "Bearer",
                           expiresIn: DeviceToken.lifetime(json["expires_in"], default: 300))
    }

    /// Exchanges the public app's token for one whose audience is DIALS; the refresh token stays the public app's.
    private func exchange(_ publicToken: JSONValue) async throws -> DeviceToken {
        guard let access = publicToken["access_token"]?.stringValue, let refresh = publicToken["refresh_token"]?.stringValue else {
            throw DialsError.authorizationFailed("the identity provider sent no token")
        }
        let json = try await post(tokenURL, [
            "client_id": clientID, "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token": access,
            "subject_token_type": "urn:ietf:params:oauth:token-type:access_token", "audience": audience,
        ])
        guard let dials = json["access_token"]?.stringValue else {
            throw DialsError.authorizationFailed("the token exchange sent no token")
        }
        return DeviceToken(
            accessToken: Secret(dials), expiresIn: DeviceToken.lifetime(json["expires_in"], default: 300), refreshToken: Secret(refresh),
            refreshExpiresIn: DeviceToken.lifetime(publicToken["refresh_expires_in"]),
            tokenType: json["token_type"]?.stringValue ?? "Bearer")
    }

    /// An OAuth error answer (`{"error": "authorization_pending"}`).
    struct OAuthError: Error { var code: String }

    private func post(_ url: String, _ form: [String: String]) async throws -> JSONValue {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)" }
            .joined(separator: "&")
        var request = HTTPRequest(.post, url, headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
                                  body: Data(body.utf8))
        request.retryEvenIfNotIdempotent = false
        do {
            return try JSONParser.parse(try await http.send(request).body)
        } catch HTTPError.status(let code, let excerpt, _) where code == 400 || code == 401 {
            if let error = (try? JSONParser.parse(Data(excerpt.utf8)))?["error"]?.stringValue { throw OAuthError(code: error) }
            throw DialsError.authorizationFailed("HTTP \(code)")
        }
    }
}

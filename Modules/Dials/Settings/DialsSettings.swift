public import Foundation
public import SciCore
public import SciHTTP

/// Where DIALS is, who is asking and how patiently: read from SciCore's layered `Config` (built-in defaults <
/// the `[dials]` table of config.toml < `SCI_DIALS_*` variables < the command line's flags), so `sci dials` and a
/// Swift program importing Dials see the same settings. `DialsClient(settings:)` builds its client from them.
///
/// Keys of `[dials]` (each also `SCI_DIALS_<KEY>`): `url`, `route`, `api_version`, `workspace`, `token`,
/// `token_file`, `client_id`, `client_secret`, `cache_dir`, `keycloak_url`, `attempts`, `timeout` (seconds).
public struct DialsSettings: Sendable {
    /// Where DIALS is, and the workspace.
    public var server = DialsServer()
    /// How to authenticate; see `Credential` for the order in which the sources are tried.
    public var credential: Credential = .cachedLogin(directory: DeviceToken.defaultCacheDirectory)
    /// The Keycloak that issues DIALS logins and application tokens.
    public var keycloakURL = DialsAuthClient.productionKeycloakURL
    /// Attempts per request, retrying 429/5xx and dropped connections.
    public var attempts = 5
    /// How long to wait for a connection, and for a transfer that has stopped moving; a body still arriving is never
    /// cut off. nil: 10 s to connect, 60 s without data.
    public var timeout: Duration?
    /// The folder of the cached device login (cmsdials' `cache_dir`).
    public var cacheDirectory = DeviceToken.defaultCacheDirectory
    /// Where each setting came from (`dials.url` → `environment`), for error hints.
    public private(set) var origins: [String: String] = [:]

    /// Where credentials come from. When several are set, the one from the highest layer wins (a flag over a
    /// variable over the configuration file); among equals, this order: a token, an application's client id and
    /// secret (a token from Keycloak), a client secret alone (cmsdials' older `X-CLIENT-SECRET`), a token file, the
    /// cached device login.
    public enum Credential: Sendable, Equatable {
        /// An access token, sent as `Authorization: Bearer`.
        case token(Secret)
        /// An application's client id and secret, exchanged at Keycloak for a DIALS token.
        case application(clientID: String, secret: Secret)
        /// An application's client secret alone, sent as `X-CLIENT-SECRET`.
        case clientSecret(Secret)
        /// A file (mode 0600) holding an access token.
        case tokenFile(String)
        /// cmsdials' cached device login in this folder (`sci dials login`).
        case cachedLogin(directory: String)
    }

    /// The built-in defaults: production DIALS, the cached login in `./.cache`.
    public init() {}

    /// The longest timeout accepted, in seconds (a day); the shortest is 1 s, libcurl's step for a stalled transfer.
    public static let maximumTimeout = 86_400.0
    /// The most attempts per request accepted.
    public static let maximumAttempts = 100

    /// The settings of this machine: the default configuration file (or `file`) and the environment.
    public static func load(file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DialsSettings {
        try load(config: try Config.load(file: file, environment: environment))
    }

    /// The settings a configuration gives (`dials.*` keys at any layer); a value that cannot be used is a usage
    /// error naming the key and where it came from.
    public static func load(config: Config) throws -> DialsSettings {
        var settings = DialsSettings()
        func text(_ key: String) -> String? {
            guard let value = config.string("dials." + key), !value.isEmpty else { return nil }
            settings.origins[key] = config.layer(of: "dials." + key)?.description
            return value
        }
        if let url = text("url") { settings.server.baseURL = try checkedURL(url, origin: origin(config, "url")) }
        let route = text("route"), version = text("api_version")
        settings.server = DialsServer(
            baseURL: settings.server.baseURL, route: route ?? "api/", version: version ?? "v1/", workspace: text("workspace"))
        if let url = text("keycloak_url") { settings.keycloakURL = try checkedURL(url, origin: origin(config, "keycloak_url")) }
        if let folder = text("cache_dir") { settings.cacheDirectory = NSString(string: folder).expandingTildeInPath }
        if let attempts = text("attempts") {
            guard let count = Int(attempts), (1...maximumAttempts).contains(count) else {
                throw invalid("attempts", attempts, config, "a whole number from 1 to \(maximumAttempts)")
            }
            settings.attempts = count
        }
        if let timeout = text("timeout") { settings.timeout = try duration(timeout, config) }
        settings.credential = try credential(config, settings: settings, text: text)
        return settings
    }

    /// A timeout in seconds, as `--timeout` and `dials.timeout` give it: bounded before the conversion, since
    /// `Int64(1e300 * 1000)` would trap.
    public static func timeout(seconds: Double) throws -> Duration {
        guard seconds.isFinite, seconds >= 1, seconds <= maximumTimeout else {
            throw SciError("a DIALS timeout must be between 1 and \(Int(maximumTimeout)) seconds, not \(seconds)",
                           exitCode: SciError.usageExitCode)
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// A DIALS or Keycloak address: `http://` or `https://` with a host.
    public static func checkedURL(_ text: String, origin: String = "--url") throws -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty
        else {
            throw SciError("\(origin) is '\(text)', which is not an http:// or https:// address",
                           hint: "give the site as http://host:port/ or https://host/", exitCode: SciError.usageExitCode)
        }
        return text
    }

    /// The authenticator for `credential`; files are read now, so a missing or unsafe one is an error before any
    /// request.
    public func authenticator() throws -> any Authenticator {
        switch credential {
        case .token(let token): return DialsCredentials.bearer(token)
        case .application(let id, let secret): return ClientCredentials(clientID: id, secret: secret, authClient: authClient)
        case .clientSecret(let secret): return DialsCredentials.clientSecret(secret)
        case .tokenFile(let path): return DialsCredentials.bearer(try DialsCredentials.readTokenFile(path))
        case .cachedLogin(let folder): return try DeviceCredentials(cacheDirectory: folder, authClient: authClient)
        }
    }

    /// The identity provider these settings name.
    public var authClient: DialsAuthClient { DialsAuthClient(keycloakURL: keycloakURL, timeout: timeout) }

    /// The retry policy: `attempts` in all.
    public var retry: RetryPolicy { RetryPolicy(attempts: attempts) }

    /// The HTTP client's configuration: retries, both timeouts, and the JSON and workspace headers DIALS expects.
    func httpConfiguration(credentials: any Authenticator) -> HTTPClientConfiguration {
        var configuration = timeout.map { HTTPClientConfiguration(timeout: $0) } ?? HTTPClientConfiguration()
        configuration.authenticator = credentials
        configuration.retry = retry
        configuration.headers["Accept"] = "application/json"
        if let workspace = server.workspace { configuration.headers["Workspace"] = workspace }
        return configuration
    }

    private static func credential(
        _ config: Config, settings: DialsSettings, text: (String) -> String?
    ) throws -> Credential {
        var candidates: [(layer: Config.Layer, credential: Credential)] = []
        func layer(_ key: String) -> Config.Layer { config.layer(of: "dials." + key) ?? .defaults }
        if let token = text("token") { candidates.append((layer("token"), .token(Secret(token)))) }
        if let secret = text("client_secret") {
            if let id = text("client_id") {
                candidates.append((max(layer("client_secret"), layer("client_id")), .application(clientID: id, secret: Secret(secret))))
            } else {
                candidates.append((layer("client_secret"), .clientSecret(Secret(secret))))
            }
        }
        if let file = text("token_file") {
            candidates.append((layer("token_file"), .tokenFile(NSString(string: file).expandingTildeInPath)))
        }
        // `max(by:)` keeps the first of equals, so the order above breaks ties.
        guard let best = candidates.max(by: { $0.layer < $1.layer }) else { return .cachedLogin(directory: settings.cacheDirectory) }
        return best.credential
    }

    private static func origin(_ config: Config, _ key: String) -> String {
        let layer = config.layer(of: "dials." + key)
        switch layer {
        case .flags?: return "--" + key.replacingOccurrences(of: "_", with: "-")
        case .environment?: return "SCI_DIALS_" + key.uppercased()
        default: return "dials." + key
        }
    }

    private static func duration(_ text: String, _ config: Config) throws -> Duration {
        guard let seconds = Double(text), seconds.isFinite, seconds >= 1, seconds <= maximumTimeout else {
            throw invalid("timeout", text, config, "a number of seconds from 1 to \(Int(maximumTimeout))")
        }
        return try timeout(seconds: seconds)
    }

    private static func invalid(_ key: String, _ text: String, _ config: Config, _ expected: String) -> SciError {
        SciError("\(origin(config, key)) is '\(text)', which is not \(expected)", exitCode: SciError.usageExitCode)
    }
}

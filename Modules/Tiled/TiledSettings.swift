public import Logging
public import SciCore
public import SciHTTP
public import Foundation

/// Which Tiled server to talk to, with which key, and how long to wait. Layered as every sci module's settings:
/// defaults < the `[tiled]` table of the configuration file < the environment (`TILED_URL`, `TILED_API_KEY`, then
/// `SCI_TILED_*`); a command's flags go on top.
public struct TiledSettings: Sendable {
    /// The server's URI; nil when nothing named one.
    public var url: String?
    /// The key sent as `Authorization: Apikey KEY`; nil sends none (public servers need none).
    public var apiKey: Secret?
    /// How long to wait for a connection, and for a transfer that has stopped moving; nil keeps the HTTP layer's
    /// defaults (10 s to connect, 60 s without data). A body still arriving is never cut off.
    public var timeout: Duration?
    /// Retry rules for every request.
    public var retry: RetryPolicy = .default
    /// Where requests are logged.
    public var logger = Logger(label: "sci.tiled.http")
    /// Where each setting came from (`url`, `api_key`, `timeout`), for error messages.
    public var origins: [String: String] = [:]

    /// The configuration keys: `[tiled]` in config.toml, or `SCI_TILED_URL`, `SCI_TILED_API_KEY`, ...
    public static let urlKey = "tiled.url", timeoutKey = "tiled.timeout"
    /// The configuration keys of the API key: the key itself, or a file (mode 0600) holding it.
    public static let apiKeyKey = "tiled.api_key", apiKeyFileKey = "tiled.api_key_file"
    /// The timeouts accepted, in seconds.
    public static let timeoutRange = 1.0...86_400.0

    /// Settings naming `url` and `apiKey` directly, with the defaults for the rest.
    public init(url: String? = nil, apiKey: Secret? = nil) {
        self.url = url
        self.apiKey = apiKey
    }

    /// The settings this machine gives: `tiled.url`, `tiled.timeout` and the key (see `TiledCredentials`) from
    /// `config` (its file and `SCI_TILED_*` layers), with `TILED_URL` and `TILED_API_KEY` above the file;
    /// `apiKeyFile` (a command's `--api-key-file`) comes before every other source of the key.
    public static func load(
        config: Config? = nil, apiKeyFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TiledSettings {
        var settings = TiledSettings()
        let config = config ?? Config()
        let fromSciVariable = config.layer(of: urlKey) == .environment
        if let url = environment["TILED_URL"], !url.isEmpty, !fromSciVariable {
            settings.url = url
            settings.origins["url"] = "TILED_URL"
        } else if let url = config.string(urlKey), !url.isEmpty {
            settings.url = url
            settings.origins["url"] = origin(of: urlKey, in: config)
        }
        if let text = config.string(timeoutKey) {
            guard let seconds = Double(text), timeoutRange ~= seconds else {
                throw SciError("\(timeoutKey) is '\(text)' (from the \(origin(of: timeoutKey, in: config))), which is not a number of seconds from 1 to 86400",
                               hint: "set it to the seconds to wait, such as 120", exitCode: SciError.usageExitCode)
            }
            settings.timeout = .milliseconds(Int64(seconds * 1000))
            settings.origins["timeout"] = origin(of: timeoutKey, in: config)
        }
        if let apiKeyFile {
            settings.apiKey = try SecretFile.read(apiKeyFile)
            settings.origins["api_key"] = apiKeyFile
        } else {
            settings.apiKey = try TiledCredentials.apiKey(config: config, environment: environment, origins: &settings.origins)
        }
        return settings
    }

    /// Where `key` was set: `SCI_TILED_URL` for the environment, the key's name in the file otherwise.
    static func origin(of key: String, in config: Config) -> String {
        config.layer(of: key) == .environment ? "SCI_" + key.replacingOccurrences(of: ".", with: "_").uppercased() : "config file (\(key))"
    }

    /// The HTTP client's configuration these settings make.
    var httpConfiguration: HTTPClientConfiguration {
        var configuration = timeout.map(HTTPClientConfiguration.init(timeout:)) ?? HTTPClientConfiguration()
        configuration.retry = retry
        configuration.logger = logger
        // Whole arrays can be large; the array reader checks sizes against the structure instead.
        configuration.maxBodySize = Int.max / 2
        if let apiKey { configuration.authenticator = APIKeyHeader(name: "Authorization", scheme: "Apikey", key: apiKey) }
        return configuration
    }
}

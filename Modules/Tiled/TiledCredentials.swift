public import Foundation
public import SciCore

/// Where the API key comes from, first found wins: a key file given explicitly (`--api-key-file`),
/// `SCI_TILED_API_KEY` (or a file named by `SCI_TILED_API_KEY_FILE`), `TILED_API_KEY`, `api_key` or `api_key_file`
/// in the `[tiled]` table of the configuration file, then the profile file `$XDG_CONFIG_HOME/sci/tiled/api-key`.
/// Key files must be readable by their owner only (mode 0600); the key is never a command-line value.
public enum TiledCredentials {
    /// The environment variable holding the key, as the Python client reads it.
    public static let environmentVariable = "TILED_API_KEY"

    /// The default profile file.
    public static func profilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        XDG.configHome(environment: environment) + "/sci/tiled/api-key"
    }

    /// The key to use, or nil when none is configured (public servers need none).
    public static func apiKey(
        file: String? = nil, config: Config? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Secret? {
        var origins: [String: String] = [:]
        if let file { return try SecretFile.read(file) }
        return try apiKey(config: config ?? Config(), environment: environment, origins: &origins)
    }

    /// The key from the configuration, the environment or the profile file, noting where it came from.
    static func apiKey(config: Config, environment: [String: String], origins: inout [String: String]) throws -> Secret? {
        func fromConfig(_ layer: Config.Layer) throws -> Secret? {
            if config.layer(of: TiledSettings.apiKeyKey) == layer, let key = config.string(TiledSettings.apiKeyKey), !key.isEmpty {
                origins["api_key"] = TiledSettings.origin(of: TiledSettings.apiKeyKey, in: config)
                return Secret(key)
            }
            if config.layer(of: TiledSettings.apiKeyFileKey) == layer, let file = config.string(TiledSettings.apiKeyFileKey), !file.isEmpty {
                origins["api_key"] = file
                return try SecretFile.read(NSString(string: file).expandingTildeInPath)
            }
            return nil
        }
        if let key = try fromConfig(.environment) { return key }
        if let key = environment[environmentVariable], !key.isEmpty {
            origins["api_key"] = environmentVariable
            return Secret(key)
        }
        if let key = try fromConfig(.file) { return key }
        let profile = profilePath(environment: environment)
        if FileManager.default.fileExists(atPath: profile) {
            origins["api_key"] = profile
            return try SecretFile.read(profile)
        }
        return nil
    }
}

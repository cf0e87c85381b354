public import Foundation
public import SciCore

/// Where the API key comes from, first found wins: a key file given explicitly, `TILED_API_KEY`, then the profile
/// file `$XDG_CONFIG_HOME/sci/tiled/api-key` (mode 0600, refused otherwise). The key is never a command-line value.
public enum TiledCredentials {
    /// The environment variable holding the key.
    public static let environmentVariable = "TILED_API_KEY"

    /// The default profile file.
    public static var profilePath: String { XDG.configHome() + "/sci/tiled/api-key" }

    /// The key to use, or nil when none is configured (public servers need none).
    public static func apiKey(file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Secret? {
        if let file { return try SecretFile.read(file) }
        if let key = environment[environmentVariable], !key.isEmpty { return Secret(key) }
        if FileManager.default.fileExists(atPath: profilePath) { return try SecretFile.read(profilePath) }
        return nil
    }
}

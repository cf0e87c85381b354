public import SciCore
public import Foundation

/// Where the HIPPO server is, how to authenticate, and where files are cached. Read as hippoclient reads them
/// (`~/.hippo.conf`, then `HIPPO_*` variables), then sci's own layers (`[henry]` in config.toml, `SCI_HENRY_*`),
/// so a machine set up for the Python client works unchanged.
public struct HenrySettings: Sendable {
    /// The server's base URL; by default the embedded `sci henry serve` on its default port.
    public var host = HenrySettings.defaultHost
    /// The key sent as `Authorization: Bearer`; nil sends none (HIPPO's mock authentication) unless `soauth` is set.
    public var apiKey: Secret?
    /// The soauth tokens named by hippoclient's `token_tag`, used when no key is given: the access token is renewed
    /// with the refresh token when it has expired, as hippoclient does.
    public var soauth: SOAuthTokens?
    /// Print what is happening (hippoclient's `verbose`).
    public var verbose = false
    /// Cache folders in priority order; downloads go to the first writable one.
    public var caches: [String] = [ContentCache.defaultRoot("henry")]
    /// Groups given read access to everything pushed.
    public var defaultReaders: [String] = []
    /// Groups given write access to everything pushed.
    public var defaultWriters: [String] = []
    /// Files up to this many bytes go up in one PUT where the server offers it (an S3 store: up to 5 GiB), larger
    /// ones in parallel parts (`henry.multipart_threshold`; 0 sends every file in parts). One PUT spares the store
    /// assembling the parts, which for moto costs about 10 s per GiB; parts win where one stream cannot fill the link.
    public var multipartThreshold: Int64 = 5 << 30
    /// How long one request may take.
    public var timeout: Duration = .seconds(60)
    /// Where each setting came from, for `sci henry config` and error hints; empty when nothing was configured.
    public private(set) var origins: [String: String] = [:]

    /// `sci henry serve`'s default address.
    public static let defaultHost = "http://127.0.0.1:44776"

    /// Default settings: the local server, no key, the sci cache.
    public init() {}

    /// The settings this machine gives: `~/.hippo.conf`, `HIPPO_*` variables, then `henry.*` in `config`
    /// (`host`, `api_key`, `api_key_file`, `cache`). The key comes from `HIPPO_API_KEY`, `henry.api_key`,
    /// `henry.api_key_file`, `$XDG_CONFIG_HOME/sci/henry.key`, or the soauth token file named by `token_tag`
    /// (renewed at `henry.identity_server`, by default soauth's); key files must be readable by their owner only.
    public static func load(
        config: Config? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> HenrySettings {
        var settings = HenrySettings()
        let home = environment["HOME"] ?? NSHomeDirectory()
        var tokenTag: String?
        let hippoConf = "\(home)/.hippo.conf"
        if let data = FileManager.default.contents(atPath: hippoConf) {
            let json: JSONValue
            do {
                json = try JSONValue(parsing: data)
            } catch {
                throw SciError("\(hippoConf) is not valid JSON", hint: "hippoclient reads it as a JSON object; fix or remove it")
            }
            try settings.apply(json, origin: hippoConf, tokenTag: &tokenTag)
        }
        // pydantic-settings matches the `hippo_` prefix case-insensitively.
        var fromEnvironment: [String: JSONValue] = [:]
        for (name, value) in environment where name.lowercased().hasPrefix("hippo_") && !value.isEmpty {
            let key = String(name.lowercased().dropFirst(6))
            let listKeys: Set = ["caches", "default_readers", "default_writers"]
            fromEnvironment[key] = listKeys.contains(key) ? ((try? JSONValue(parsing: Data(value.utf8))) ?? .string(value)) : .string(value)
        }
        try settings.apply(.object(fromEnvironment), origin: "environment", tokenTag: &tokenTag)
        if let config {
            if let host = config.string("henry.host") {
                settings.host = host
                settings.origins["host"] = "henry.host"
            }
            if let cache = config.string("henry.cache") { settings.caches = [NSString(string: cache).expandingTildeInPath] }
            if config.value("henry.multipart_threshold") != nil {
                guard let bytes = config.int("henry.multipart_threshold"), bytes >= 0 else {
                    throw SciError("henry.multipart_threshold must be a number of bytes (0 or more)")
                }
                settings.multipartThreshold = Int64(bytes)
            }
        }
        settings.apiKey = try key(config: config, environment: environment, home: home, origins: &settings.origins)
        if settings.apiKey == nil, let tokenTag {
            // soauth keeps the exchanged tokens of a tag as JSON in ~/.config/soauth/<tag>, mode 0600.
            let tokenFile = "\(home)/.config/soauth/\(tokenTag)"
            guard !tokenTag.isEmpty, !tokenTag.contains("/"), tokenTag != ".", tokenTag != ".." else {
                throw SciError("token_tag '\(tokenTag)' is not a file name", hint: "set token_tag in ~/.hippo.conf to the tag given to soauth register")
            }
            // Read now, so a missing or world-readable file is an error before any request.
            _ = try SecretFile.read(tokenFile)
            settings.origins["api_key"] = tokenFile
            settings.soauth = SOAuthTokens(
                file: tokenFile, identityServer: config?.string("henry.identity_server") ?? SOAuthTokens.defaultIdentityServer,
                timeout: settings.timeout)
        }
        settings.host = settings.host.hasSuffix("/") ? String(settings.host.dropLast()) : settings.host
        return settings
    }

    /// Whether anything told us where the server is.
    public var isConfigured: Bool { origins["host"] != nil }

    /// Applies hippoclient's settings keys from a JSON object.
    private mutating func apply(_ json: JSONValue, origin: String, tokenTag: inout String?) throws {
        guard case .object(let members) = json else { throw SciError("\(origin): the HIPPO settings must be a JSON object") }
        func strings(_ value: JSONValue, _ key: String) throws -> [String] {
            guard case .array(let items) = value else { throw SciError("\(origin): \(key) must be a list of strings") }
            return items.compactMap(\.stringValue)
        }
        for (key, value) in members {
            switch key {
            case "host":
                guard let host = value.stringValue else { throw SciError("\(origin): host must be a string (a URL)") }
                self.host = host
                origins["host"] = origin
            case "token_tag": tokenTag = value.stringValue
            case "verbose": verbose = value == .bool(true) || ["1", "true", "yes"].contains(value.stringValue?.lowercased() ?? "")
            case "caches":
                guard case .array(let items) = value else { throw SciError("\(origin): caches must be a list of {\"path\": ...}") }
                let paths = items.compactMap { $0["path"]?.stringValue ?? $0.stringValue }
                if !paths.isEmpty { caches = paths.map { NSString(string: $0).expandingTildeInPath } }
            case "default_readers": defaultReaders = try strings(value, key)
            case "default_writers": defaultWriters = try strings(value, key)
            case "client_timeout":
                // Bounded before the conversion: Int64(1e300 * 1000) would trap.
                guard let seconds = value.doubleValue ?? value.stringValue.flatMap(Double.init), seconds > 0, seconds <= 31_536_000 else {
                    throw SciError("\(origin): client_timeout must be a positive number of seconds, at most a year")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            default: continue
            }
        }
    }

    /// The first key found, in the order the documentation gives.
    private static func key(
        config: Config?, environment: [String: String], home: String, origins: inout [String: String]
    ) throws -> Secret? {
        if let key = environment["HIPPO_API_KEY"], !key.isEmpty {
            origins["api_key"] = "HIPPO_API_KEY"
            return Secret(key)
        }
        if let key = config?.string("henry.api_key"), !key.isEmpty {
            origins["api_key"] = "henry.api_key"
            return Secret(key)
        }
        if let file = config?.string("henry.api_key_file") {
            origins["api_key"] = file
            return try SecretFile.read(NSString(string: file).expandingTildeInPath)
        }
        let defaultFile = "\(XDG.configHome(environment: environment))/sci/henry.key"
        if FileManager.default.fileExists(atPath: defaultFile) {
            origins["api_key"] = defaultFile
            return try SecretFile.read(defaultFile)
        }
        return nil
    }
}

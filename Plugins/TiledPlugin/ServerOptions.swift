import ArgumentParser
import Foundation
import Logging
import SciCore
import Tiled

/// Which Tiled server to talk to, with which key, and how long to wait; shared by every `sci tiled` command.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server's URI (default: $SCI_TILED_URL, $TILED_URL, then url in the [tiled] table of the configuration).", valueName: "uri"))
    var url: String?

    @Option(help: ArgumentHelp("A file (mode 0600) holding the API key (default: $SCI_TILED_API_KEY, $TILED_API_KEY, the configuration, then the profile file).",
                               valueName: "path"))
    var apiKeyFile: String?

    @Option(help: ArgumentHelp(
        "Seconds to wait for a connection, and for a transfer that has stopped moving; a body still arriving is never cut off (default: $SCI_TILED_TIMEOUT, then timeout in the [tiled] table of the configuration, else 10 s to connect and 60 s without data).",
        valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        if let timeout, !(TiledSettings.timeoutRange ~= timeout) {
            throw ValidationError("--timeout must be between 1 and \(Int(TiledSettings.timeoutRange.upperBound)) seconds")
        }
    }

    /// The module's settings (the configuration's `[tiled]` table, then the environment) with these flags on top.
    func settings(
        logger: Logger, config: Config, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TiledSettings {
        var settings = try TiledSettings.load(config: config, apiKeyFile: apiKeyFile, environment: environment)
        if let url {
            settings.url = url
            settings.origins["url"] = "--url"
        }
        if let timeout { settings.timeout = .milliseconds(Int64(timeout * 1000)) }
        settings.logger = logger
        return settings
    }

    /// A client of the chosen server.
    func connect(logger: Logger, config: Config) throws -> TiledClient {
        try TiledClient(settings: settings(logger: logger, config: config))
    }
}

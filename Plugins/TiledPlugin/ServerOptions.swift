import ArgumentParser
import Foundation
import Logging
import SciCore
import SciHTTP
import Tiled

/// Which Tiled server to talk to, with which key, and how long to wait; shared by every `sci tiled` command.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server's URI (default: $TILED_URL, then tiled.url in the configuration).", valueName: "uri"))
    var url: String?

    @Option(help: ArgumentHelp("A file (mode 0600) holding the API key (default: $TILED_API_KEY, then the profile file).",
                               valueName: "path"))
    var apiKeyFile: String?

    @Option(help: ArgumentHelp(
        "Seconds to wait for a connection, and for a transfer that has stopped moving; a body still arriving is never cut off (default: tiled.timeout in the configuration, else 10 s to connect and 60 s without data).",
        valueName: "seconds"))
    var timeout: Double?

    /// The configuration key for the default of `--timeout`.
    static let timeoutKey = "tiled.timeout"
    /// The configuration key for the server's URI after `$TILED_URL`.
    static let urlKey = "tiled.url"

    func validate() throws {
        if let timeout, !(Self.timeoutRange ~= timeout) {
            throw ValidationError("--timeout must be between 1 and \(Int(Self.timeoutRange.upperBound)) seconds")
        }
    }

    private static let timeoutRange = 1.0...86_400.0

    /// A client of the chosen server; `config` supplies `tiled.url` and `tiled.timeout` when set.
    func connect(logger: Logger, config: Config? = nil) throws -> TiledClient {
        let environment = ProcessInfo.processInfo.environment["TILED_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let uri = url ?? environment ?? config?.string(Self.urlKey), !uri.isEmpty else {
            throw SciError("no Tiled server given", hint: "pass --url http://HOST:PORT or set TILED_URL", exitCode: SciError.usageExitCode)
        }
        var configuration = HTTPClientConfiguration()
        if let seconds = try timeout ?? configuredTimeout(config) {
            configuration = HTTPClientConfiguration(timeout: .milliseconds(Int64(seconds * 1000)))
        }
        configuration.logger = logger
        // Whole arrays can be large; the array reader checks sizes against the structure instead.
        configuration.maxBodySize = Int.max / 2
        return try TiledClient(uri: uri, apiKey: try TiledCredentials.apiKey(file: apiKeyFile), configuration: configuration)
    }

    private func configuredTimeout(_ config: Config?) throws -> Double? {
        guard let config, let text = config.string(Self.timeoutKey) else { return nil }
        guard let seconds = Double(text), Self.timeoutRange ~= seconds else {
            let origin = config.layer(of: Self.timeoutKey).map { " (from the \($0))" } ?? ""
            throw SciError("\(Self.timeoutKey) is '\(text)'\(origin), which is not a number of seconds from 1 to 86400",
                           hint: "set it to the seconds to wait, such as 120", exitCode: SciError.usageExitCode)
        }
        return seconds
    }
}

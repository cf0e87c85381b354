import ArgumentParser
import Foundation
import Logging
import SciCore
import SciHTTP
import Tiled

/// Which Tiled server to talk to and with which key; shared by every `sci tiled` command.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server's URI (default: $TILED_URL).", valueName: "uri"))
    var url: String?

    @Option(help: ArgumentHelp("A file (mode 0600) holding the API key (default: $TILED_API_KEY, then the profile file).",
                               valueName: "path"))
    var apiKeyFile: String?

    /// A client of the chosen server.
    func connect(logger: Logger) throws -> TiledClient {
        guard let uri = url ?? ProcessInfo.processInfo.environment["TILED_URL"], !uri.isEmpty else {
            throw SciError("no Tiled server given", hint: "pass --url http://HOST:PORT or set TILED_URL", exitCode: SciError.usageExitCode)
        }
        var configuration = HTTPClientConfiguration()
        configuration.logger = logger
        // Whole arrays can be large; the array reader checks sizes against the structure instead.
        configuration.maxBodySize = Int.max / 2
        return try TiledClient(uri: uri, apiKey: try TiledCredentials.apiKey(file: apiKeyFile), configuration: configuration)
    }
}

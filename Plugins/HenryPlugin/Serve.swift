import ArgumentParser
import Foundation
import HippoServer
import SciCLI
import SciCore

/// `sci henry serve`: runs a HIPPO-compatible registry on SQLite and a content-addressed blob store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a HIPPO-compatible registry server.",
        discussion: """
            Speaks HIPPO's API (products, collections, multipart uploads), so `sci henry` and HIPPO's Python client can
            use it. Writes need an API key (`Authorization: Bearer KEY`); --public lets anyone read. --auth none acts as
            one local user for every request, like HIPPO's mock authentication, and only binds loopback.

            Examples:
              sci henry serve keys add alice
              sci henry serve --root ~/hippo --port 44776
              sci henry serve --auth none --port 8000
            """,
        subcommands: [Keys.self])

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 44776

    @Flag(help: "Let requests without a key read products and collections.")
    var `public` = false

    @Option(help: "`keys` (default) or `none` (every request acts as one local user; loopback only).")
    var auth = "keys"

    func validate() throws {
        guard ["keys", "none"].contains(auth) else { throw ValidationError("--auth takes keys or none") }
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
    }

    func run() async throws {
        var configuration = HippoServerConfiguration(root: registry.root)
        configuration.host = host
        configuration.port = port
        configuration.access = auth == "none" ? .none : .keys(publicReads: `public`)
        var logger = globals.logger(label: "sci.henry.serve")
        // One line per request is what an operator watches; -q keeps only errors.
        if !globals.quiet { logger.logLevel = min(logger.logLevel, .info) }
        let server = try await HippoServer(configuration: configuration, logger: logger)
        let (root, host, announcer) = (registry.root, host, logger)
        try await server.run { port in
            announcer.notice("serving the registry in \(root) on http://\(host):\(port)")
        }
    }
}

import ArgumentParser
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled info`: the server's version, query types and formats.
    struct Info: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show the server's version, the query types and the formats it offers.",
            discussion: "Example:\n  sci tiled info --format json")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let info = try await client.serverInfo()
            let writer = try globals.makeWriter(columns: ["item", "value"])
            writer.write(["item": "server", "value": .string(client.baseURL)])
            writer.write(["item": "version", "value": .string(info.libraryVersion)])
            writer.write(["item": "api_version", "value": .int(Int64(info.apiVersion))])
            writer.write(["item": "authentication", "value": .string(info.authentication?.required == true ? "required" : "optional")])
            writer.write(["item": "queries", "value": .string(info.queries.joined(separator: ","))])
            for family in info.formats.keys.sorted() {
                writer.write(["item": .string("formats." + family), "value": .string(info.formats[family]!.joined(separator: ","))])
            }
            writer.finish()
        }
    }
}

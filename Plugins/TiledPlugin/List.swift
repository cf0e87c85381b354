import ArgumentParser
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled ls PATH`: the children of a container.
    struct List: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List the children of a container.",
            discussion: "Example:\n  sci tiled ls run1 --format csv")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container's path (default: the root).") var path = ""
        @Option(help: "At most this many children.") var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let writer = try globals.makeWriter(columns: NodeRow.columns)
            for try await page in client.children(of: path, limit: limit) {
                for node in page.items { writer.write(NodeRow.row(node)) }
            }
            writer.finish()
        }
    }
}

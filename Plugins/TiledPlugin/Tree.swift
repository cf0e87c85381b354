import ArgumentParser
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled tree PATH`: the nodes under a container, depth first.
    struct Tree: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "tree",
            abstract: "Show the nodes under a container, depth first.",
            discussion: "Example:\n  sci tiled tree run1 --depth 2")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container's path (default: the root).") var path = ""
        @Option(help: "How many levels to descend.") var depth = 3

        func validate() throws {
            if depth < 1 { throw ValidationError("--depth must be at least 1") }
        }

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let writer = try globals.makeWriter(columns: ["tree"] + NodeRow.columns)
            try await walk(client, path, level: 1, writer: writer)
            writer.finish()
        }

        private func walk(_ client: TiledClient, _ path: String, level: Int, writer: RecordWriter) async throws {
            for try await page in client.children(of: path) {
                for node in page.items {
                    var row = NodeRow.row(node)
                    row["tree"] = .string(String(repeating: "  ", count: level - 1) + node.key)
                    writer.write(row)
                    if node.structureFamily == "container", level < depth {
                        try await walk(client, node.path, level: level + 1, writer: writer)
                    }
                }
            }
        }
    }
}

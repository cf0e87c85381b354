import ArgumentParser
import Foundation
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled meta PATH`: a node's metadata, specs and structure as JSON.
    struct Meta: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "meta",
            abstract: "Print a node's metadata, specs and structure as JSON.",
            discussion: "Example:\n  sci tiled meta run1")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The node's path.") var path: String

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let node = try await client.node(path)
            let fields: [String: JSONValue] = [
                "path": .string(node.path), "family": .string(node.structureFamily),
                "specs": .array(node.specs.map { JSONValue.string($0) }), "metadata": .object(node.metadata),
                "structure": node.structure,
            ]
            let document = JSONValue.object(fields)
            print(document.jsonString(pretty: true))
        }
    }
}

public import ArgumentParser
public import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler collection-chain`.
    struct CollectionChain: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "collection-chain",
            abstract: "Define or change a CHAINED collection: an ordered search path of other collections.",
            discussion: """
                Example:
                  sci butler collection-chain DATA spx/defaults rawexpr2 rawexpr
                  sci butler collection-chain DATA spx/defaults darkr --mode extend
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The chain.") var parent: String
        @Argument(help: "Child collections (positions for --mode pop).") var children: [String] = []
        @Option(help: "redefine, extend, prepend, remove or pop.") var mode: ChainMode = .redefine

        func run() throws {
            let result = try repository.open().registry.setChain(parent, children: children, mode: mode)
            let writer = try globals.makeWriter(columns: ["name", "children"])
            writer.write(["name": .string(parent), "children": .array(result.map { .string($0) })])
            writer.finish()
        }
    }
}

extension ChainMode: ExpressibleByArgument {}

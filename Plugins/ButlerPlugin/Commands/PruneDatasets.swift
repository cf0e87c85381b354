import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler prune-datasets`.
    struct PruneDatasets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune-datasets",
            abstract: "Delete datasets of a type found in collections, with their files.",
            discussion: """
                Example:
                  sci butler prune-datasets DATA rawexp --collections rawexpr --where "detector = 3"
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type.") var datasetType: String
        @Option(parsing: .upToNextOption, help: "Collections to search.") var collections: [String]
        @OptionGroup var query: QueryOptions

        func run() throws {
            let butler = try repository.open()
            let refs = try butler.registry.queryDatasets(
                datasetType, collections: collections, where: query.where, bind: try query.bindings(), findFirst: false,
                limit: query.rowLimit)
            try butler.pruneDatasets(refs)
            let writer = try globals.makeWriter(columns: ["type", "run", "id"])
            for ref in refs { writer.write(ref.row(butler: butler, showURI: false)) }
            writer.finish()
        }
    }
}

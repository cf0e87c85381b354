import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler retrieve-artifacts`.
    struct RetrieveArtifacts: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrieve-artifacts",
            abstract: "Copy the files of datasets out of the repository.",
            discussion: """
                Example:
                  sci butler retrieve-artifacts DATA out/ --dataset-type rawexp --collections rawexpr --where "detector = 1"
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The folder to copy into.", completion: .directory) var destination: String
        @Option(help: "The dataset type.") var datasetType: String
        @Option(parsing: .upToNextOption, help: "Collections to search.") var collections: [String]
        @OptionGroup var query: QueryOptions
        @Flag(inversion: .prefixedNo, help: "Keep the repository's folder structure.") var preservePath = true

        func run() throws {
            let butler = try repository.open()
            let refs = try butler.registry.queryDatasets(
                datasetType, collections: collections, where: query.where, bind: try query.bindings(), limit: query.rowLimit)
            let writer = try globals.makeWriter(columns: ["path"])
            for path in try butler.retrieveArtifacts(refs, to: destination, preservePath: preservePath) {
                writer.write(["path": .string(path)])
            }
            writer.finish()
        }
    }
}

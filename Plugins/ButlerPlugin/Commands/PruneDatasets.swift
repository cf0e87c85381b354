import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler prune-datasets`.
    struct PruneDatasets: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune-datasets",
            abstract: "Delete datasets of a type found in collections, with their files.",
            discussion: """
                The datasets deleted are listed (with --dry-run: the ones that would be, and nothing is deleted).
                On a terminal it asks first unless --yes (or --no-confirm, as daf_butler).
                Example:
                  sci butler prune-datasets DATA rawexp --collections rawexpr --where "detector = 3" --dry-run
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type.") var datasetType: String
        @Option(parsing: .upToNextOption, help: "Collections to search.") var collections: [String]
        @OptionGroup var query: QueryOptions
        @OptionGroup var deletion: DeletionOptions

        func run() throws {
            let butler = try repository.open()
            let refs = try butler.registry.queryDatasets(
                datasetType, collections: collections, where: query.where, bind: try query.bindings(), findFirst: false,
                limit: query.rowLimit)
            let status: String
            if deletion.dryRun {
                status = "would be removed"
            } else if refs.isEmpty || deletion.confirmed("\(refs.count) dataset\(refs.count == 1 ? "" : "s") of \(datasetType) and their files") {
                try butler.pruneDatasets(refs)
                status = "removed"
            } else {
                deletion.reportNothingDeleted("not confirmed")
                return
            }
            let writer = try globals.makeWriter(columns: ["type", "run", "id", "status"])
            for ref in refs {
                var row = ref.row(butler: butler, showURI: false)
                row["status"] = .string(status)
                writer.write(row)
            }
            writer.finish()
        }
    }
}

import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler query-data-ids`.
    struct QueryDataIds: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "query-data-ids",
            abstract: "List data IDs over dimensions, optionally only those with datasets.",
            discussion: """
                Example:
                  sci butler query-data-ids DATA observation detector --datasets rawexp --collections rawexpr \\
                      --where "instrument='SPHEREx'"
                  sci butler query-data-ids DATA healpix8 --where "exposure = 3"   # the pixels exposure 3 touches
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "Dimensions.") var dimensions: [String]
        @Option(help: "Only data IDs with a dataset of this type.") var datasets: String?
        @Option(parsing: .upToNextOption, help: "Collections for --datasets.") var collections: [String] = []
        @OptionGroup var query: QueryOptions

        func run() throws {
            let registry = try repository.open().registry
            let dataIds = try registry.queryDataIds(
                dimensions, where: query.where, bind: try query.bindings(), datasetType: datasets, collections: collections,
                orderBy: query.orderBy, limit: query.rowLimit)
            let writer = try globals.makeWriter(columns: registry.universe.inUniverseOrder(try registry.universe.group(dimensions).required))
            for dataId in dataIds { writer.write(dataId.row) }
            writer.finish()
        }
    }
}

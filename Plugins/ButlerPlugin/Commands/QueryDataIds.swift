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
            // A sky-pixel dimension alone (`healpix8`) lists the pixels the matching records' regions touch.
            if dimensions.count == 1, datasets == nil,
                let pixels = try registry.skyPixels(dimensions[0], where: query.where, bind: try query.bindings()) {
                let writer = try globals.makeWriter(columns: dimensions)
                for pixel in pixels.prefix(query.rowLimit ?? Int.max) { writer.write([dimensions[0]: .int(Int64(pixel))]) }
                writer.finish()
                return
            }
            let dataIds = try registry.queryDataIds(
                dimensions, where: query.where, bind: try query.bindings(), datasetType: datasets, collections: collections,
                orderBy: query.orderBy, limit: query.rowLimit)
            let writer = try globals.makeWriter(columns: registry.universe.inUniverseOrder(try registry.universe.group(dimensions).required))
            for dataId in dataIds { writer.write(dataId.row) }
            writer.finish()
        }
    }
}

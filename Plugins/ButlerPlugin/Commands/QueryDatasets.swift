import ArgumentParser
import Butler
import SciCLI
import SciCore

extension ButlerCommand {
    /// `sci butler query-datasets`.
    struct QueryDatasets: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "query-datasets",
            abstract: "List datasets of a type in collections, filtered by a where-expression.",
            discussion: """
                Collections are searched in order; --find-first keeps the first dataset per data ID (off by default, as in daf_butler).
                Example:
                  sci butler query-datasets DATA rawexp --collections spx/defaults \\
                      --where "instrument='SPHEREx' AND detector IN (1..3) AND observation.obs_name = 'obs000007'" --show-uri
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type.") var datasetType: String
        @Option(parsing: .upToNextOption, help: "Collections to search, in order.") var collections: [String] = []
        @OptionGroup var query: QueryOptions
        // Off by default, as in daf_butler's `query-datasets` (checked against 30.2026.4300).
        @Flag(inversion: .prefixedNo, help: "Only the first dataset per data ID in search order.") var findFirst = false
        @Flag(help: "Show each dataset's file.") var showURI = false

        func validate() throws {
            if collections.isEmpty { throw ValidationError("give --collections to search") }
        }

        func run() throws {
            let butler = try repository.open()
            let columns = try butler.dataIdColumns(of: datasetType)
            let writer = try globals.makeWriter(columns: ["type", "run", "id"] + columns + (showURI ? ["uri"] : []))
            // Rows come with data ID values in the type's required order; the columns are in universe order.
            let required = try butler.registry.universe.group(try butler.registry.datasetType(datasetType).dimensions).required
            let positions = columns.map { required.firstIndex(of: $0)! }
            let type = JSONValue.string(datasetType)
            // Read once: an ArgumentParser property costs a lookup on every access, which showed per row.
            let showURI = showURI
            var values: [JSONValue] = []
            values.reserveCapacity(3 + positions.count + 1)
            try butler.registry.queryDatasetRows(
                datasetType, collections: collections, where: query.where, bind: try query.bindings(), findFirst: findFirst,
                orderBy: query.orderBy, limit: query.rowLimit, paths: showURI
            ) { row in
                values.removeAll(keepingCapacity: true)
                values.append(type)
                values.append(.string(row.run))
                values.append(.string(row.id))
                for position in positions { values.append(row.values[position].json) }
                if showURI, let path = row.path { values.append(.string(butler.uri(path))) }
                writer.write(values: values)
            }
            writer.finish()
        }
    }
}

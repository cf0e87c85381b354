import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler query-dimension-records`.
    struct QueryDimensionRecords: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "query-dimension-records",
            abstract: "List the records of a dimension.",
            discussion: """
                Example:
                  sci butler query-dimension-records DATA observation --where "instrument='SPHEREx' AND observation.id IN (1..20:5)"
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dimension.") var element: String
        @OptionGroup var query: QueryOptions

        func run() throws {
            let registry = try repository.open().registry
            let definition = try registry.universe.element(element)
            var columns = try registry.universe.requiredDimensions(of: element) + [definition.primaryKey.name]
            columns += definition.implies + definition.recordFields.map(\.name)
            if definition.isTemporal { columns += ["timespan_begin", "timespan_end"] }
            let writer = try globals.makeWriter(columns: columns)
            for record in try registry.queryDimensionRecords(element, where: query.where, bind: try query.bindings(), orderBy: query.orderBy,
                limit: query.rowLimit) {
                writer.write(record.mapValues(\.json))
            }
            writer.finish()
        }
    }
}

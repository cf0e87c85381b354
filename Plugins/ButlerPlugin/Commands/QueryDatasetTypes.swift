import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler query-dataset-types`.
    struct QueryDatasetTypes: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "query-dataset-types",
            abstract: "List dataset types.",
            discussion: """
                Example:
                  sci butler query-dataset-types DATA 'spx_*' --format csv
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "A glob for names.") var pattern: String?

        func run() throws {
            let writer = try globals.makeWriter(columns: ["name", "dimensions", "storage_class", "is_calibration"])
            for type in try repository.open().registry.datasetTypes(matching: pattern) {
                writer.write([
                    "name": .string(type.name), "dimensions": .array(type.dimensions.map { .string($0) }),
                    "storage_class": .string(type.storageClass), "is_calibration": .bool(type.isCalibration),
                ])
            }
            writer.finish()
        }
    }
}

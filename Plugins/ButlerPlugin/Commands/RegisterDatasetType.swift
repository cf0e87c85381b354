import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler register-dataset-type`.
    struct RegisterDatasetType: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-dataset-type",
            abstract: "Register a dataset type: its name, storage class and dimensions.",
            discussion: """
                Registering an identical definition again is fine; a different one under the same name is an error.
                Example:
                  sci butler register-dataset-type DATA rawexp SPHERExImage instrument observation detector
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type's name.") var name: String
        @Argument(help: "Its storage class (SPHERExImage, StructuredDataDict, ...).") var storageClass: String
        @Argument(help: "Its dimensions.") var dimensions: [String] = []
        @Flag(help: "Its datasets can be certified into CALIBRATION collections.") var isCalibration = false

        func run() throws {
            let butler = try repository.open()
            let type = DatasetType(name: name, dimensions: dimensions, storageClass: storageClass, isCalibration: isCalibration)
            let added = try butler.registry.registerDatasetType(type)
            let writer = try globals.makeWriter(columns: ["name", "status"])
            writer.write(["name": .string(name), "status": .string(added ? "registered" : "already existed in identical form")])
            writer.finish()
        }
    }
}

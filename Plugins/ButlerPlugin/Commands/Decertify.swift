import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler decertify`.
    struct Decertify: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "decertify",
            abstract: "Take a time range out of the validity ranges of calibrations in a CALIBRATION collection.",
            discussion: """
                As daf_butler's Registry.decertify: ranges inside [--begin-date, --end-date) are removed, ranges that stick
                out keep the part outside. A missing bound is unbounded; --data-id (repeatable) limits it to those data IDs.
                Example:
                  sci butler decertify DATA spx/calib dark --begin-date 2025-05-01T00:00:00 --data-id instrument=SPHEREx,detector=2
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The CALIBRATION collection.") var collection: String
        @Argument(help: "The dataset type.") var datasetTypeName: String
        @Option(help: "Start of the range taken out.") var beginDate: String?
        @Option(help: "End of the range taken out.") var endDate: String?
        @Option(help: ArgumentHelp("Only this data ID (repeatable), as dimension=value,...", valueName: "data-id"))
        var dataId: [String] = []

        func run() throws {
            let butler = try repository.open()
            let validity = try Timespan(parsingBegin: beginDate, end: endDate)
            let dataIds = try dataId.isEmpty ? nil : dataId.map { try DataId(parsing: $0) }
            let changed = try butler.decertify(collection, datasetType: datasetTypeName, validity: validity, dataIds: dataIds)
            let writer = try globals.makeWriter(columns: ["collection", "type", "changed"])
            writer.write(["collection": .string(collection), "type": .string(datasetTypeName), "changed": .int(Int64(changed))])
            writer.finish()
        }
    }

    /// `sci butler find-calibration`.
    struct FindCalibration: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "find-calibration",
            abstract: "Find the calibration dataset valid at a time for a data ID.",
            discussion: """
                Collections are searched in order: a CALIBRATION collection matches when the time is inside a validity range,
                RUN and TAGGED ones at any time (daf_butler's Butler.find_dataset with a timespan). Exit 1 when none is found.
                Example:
                  sci butler find-calibration DATA dark --collections spx/calib --data-id instrument=SPHEREx,detector=2 \\
                      --time 2025-04-15T00:00:00 --show-uri
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type.") var datasetTypeName: String
        @Option(parsing: .upToNextOption, help: "Collections to search, in order.") var collections: [String]
        @Option(help: ArgumentHelp("The data ID, as dimension=value,... (repeatable, merged).", valueName: "data-id"))
        var dataId: [String]
        @Option(help: "The time (TAI unless it says otherwise: 2025-04-01T00:00:00, mjd/60766.0/tai, unix/1.7e9).")
        var time: String
        @Flag(help: "Show the dataset's file.") var showURI = false

        func run() throws {
            let butler = try repository.open()
            var merged = DataId()
            for text in dataId { merged.values.merge(try DataId(parsing: text).values) { $1 } }
            guard let instant = try Timespan(parsingBegin: time, end: nil).begin else {
                throw ValidationError("--time must be a time")
            }
            let ref = try butler.findCalibration(datasetTypeName, dataId: merged, collections: collections, at: instant)
            let writer = try globals.makeWriter(
                columns: ["type", "run", "id"] + butler.dataIdColumns(of: datasetTypeName) + (showURI ? ["uri"] : []))
            writer.write(ref.row(butler: butler, showURI: showURI))
            writer.finish()
        }
    }
}

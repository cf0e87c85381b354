import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler certify-calibrations`.
    struct CertifyCalibrations: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "certify-calibrations",
            abstract: "Certify calibration datasets from a collection into a CALIBRATION collection for a validity range.",
            discussion: """
                The datasets of the type found in the input collection (first per data ID in search order, or all with
                --search-all-inputs) become valid from --begin-date (inclusive) to --end-date (exclusive); a missing
                bound is unbounded. Ranges of one data ID must not overlap. Dates are TAI unless they say otherwise,
                in the where-clause time forms: 2025-04-01T00:00:00, mjd/60766.0/tai, unix/1.7e9.
                Example:
                  sci butler certify-calibrations DATA darkr spx/calib dark --begin-date 2025-04-01T00:00:00
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The collection to take the datasets from.") var inputCollection: String
        @Argument(help: "The CALIBRATION collection (made if missing).") var outputCollection: String
        @Argument(help: "The dataset type (a calibration type).") var datasetTypeName: String
        @Option(help: "Start of the validity range.") var beginDate: String?
        @Option(help: "End of the validity range.") var endDate: String?
        @Flag(help: "Take every dataset in the input's chain, not only the first per data ID.") var searchAllInputs = false

        func run() throws {
            let butler = try repository.open()
            let validity = try Timespan(parsingBegin: beginDate, end: endDate)
            let refs = try butler.registry.queryDatasets(
                datasetTypeName, collections: [inputCollection], findFirst: !searchAllInputs)
            try butler.registry.certify(refs, into: outputCollection, validity: validity)
            let writer = try globals.makeWriter(
                columns: ["type", "run", "id"] + butler.dataIdColumns(of: datasetTypeName) + ["begin", "end"])
            for ref in refs {
                var row = ref.row(butler: butler, showURI: false)
                row["begin"] = validity.begin.map { .int($0) } ?? .null
                row["end"] = validity.end.map { .int($0) } ?? .null
                writer.write(row)
            }
            writer.finish()
        }
    }
}

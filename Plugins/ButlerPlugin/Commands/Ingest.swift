import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler ingest`.
    struct Ingest: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Ingest the files of a folder, taking data IDs from their names with a regex.",
            discussion: """
                Named groups of --regex are dimensions; files that do not match are listed on standard error.
                Example:
                  sci butler ingest DATA raw/ --type rawexp --run rawexpr --data-id instrument=SPHEREx \\
                      --regex '(?<observation>\\d+)_(?<detector>\\d+)\\.fits' -t symlink
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The folder to scan (recursively).", completion: .directory) var folder: String
        @Option(help: "The dataset type.") var type: String
        @Option(name: .customLong("run"), help: "The RUN collection (made if missing).") var outputRun: String
        @Option(help: "A regex with named groups for dimensions, matched against file names.") var regex: String
        @OptionGroup var ingest: IngestOptions

        func run() throws {
            let pattern = try FileNamePattern(regex)
            let (files, unmatched) = try pattern.scan(folder, common: try ingest.commonDataId())
            for path in unmatched { globals.logger(label: "sci.butler").warning("not ingested, name does not match: \(path)") }
            try ingest.ingest(files, into: repository.open(), datasetType: type, run: outputRun, globals: globals)
        }
    }
}

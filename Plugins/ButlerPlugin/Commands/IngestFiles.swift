import ArgumentParser
import Butler
import Foundation
import SciCLI

extension ButlerCommand {
    /// `sci butler ingest-files`.
    struct IngestFiles: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest-files",
            abstract: "Ingest files listed in a CSV table (file, then data ID columns) into a RUN.",
            discussion: """
                All files go in with their registry rows in one transaction, or none do.
                Example:
                  printf 'file,observation,detector\\nimg_1_1.fits,1,1\\n' > ingest.csv
                  sci butler ingest-files -t copy --data-id instrument=SPHEREx DATA rawexp rawexpr ingest.csv
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dataset type.") var datasetType: String
        @Argument(help: ArgumentHelp("The RUN collection (made if missing).", valueName: "run")) var outputRun: String
        @Argument(help: "The CSV table.", completion: .file(extensions: ["csv"])) var table: String
        @OptionGroup var ingest: IngestOptions
        @Option(help: "A folder that relative paths in the table are under (default: the table's folder).") var prefix: String?

        func run() throws {
            let text = try String(contentsOfFile: table, encoding: .utf8)
            let folder = prefix ?? (table as NSString).deletingLastPathComponent
            let files = try IngestTable.read(text, common: try ingest.commonDataId(), prefix: folder.isEmpty ? nil : folder)
            try ingest.ingest(files, into: repository.open(), datasetType: datasetType, run: outputRun, globals: globals)
        }
    }
}

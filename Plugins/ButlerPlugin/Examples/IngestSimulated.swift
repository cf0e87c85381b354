public import ArgumentParser
import Butler
public import SciCLI

/// An example of a module's own `sci butler` command: the SPHEREx POC's `butler ingest-simulated` (the work is
/// Butler's `SimulatorIngest`). It is wired in as a plugin extending `butler`: see `IngestSimulatedPlugin`.
public struct IngestSimulated: ParsableCommand, GlobalOptionsCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest-simulated",
        abstract: "Ingest SPHEREx simulator files (sim_exposure_<exposure>_array_<detector>...fits), as the POC did.",
        discussion: """
            Files matching --regex in each location are ingested as --ingest-type into --output-run (default <type>r),
            after the 'simulator' instrument, detectors 1-6 and the exposures are synced.
            Example:
              sci butler ingest-simulated DATA simulator_files
              sci butler ingest-simulated --regex 'dark_current.fits' --ingest-type dark DATA simulator_files
            """)

    @OptionGroup public var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The repository.", valueName: "repo")) var repo: String
    @Argument(help: "Folders or files to ingest.") var locations: [String]
    @Option(help: "Only files whose names contain a match of this regex.") var regex = SimulatorIngest().filter
    @Option(help: "The RUN (default: <ingest-type>r).") var outputRun: String?
    @Option(help: "How files get in.") var transfer: TransferMode = .auto
    @Option(help: "The dataset type.") var ingestType = SimulatorIngest().datasetType

    public init() {}

    public func run() throws {
        let butler = try Butler(root: repo)
        var ingest = SimulatorIngest()
        ingest.filter = regex
        ingest.datasetType = ingestType
        ingest.run = outputRun
        ingest.transfer = transfer
        let refs = try ingest.ingest(locations, into: butler)
        let pointing = SimulatorIngest.pointing(in: butler.registry.universe)
        let writer = try globals.makeWriter(columns: ["type", "run", "id", "detector", pointing, "instrument"])
        for ref in refs { writer.write(ref.row(butler: butler, showURI: false)) }
        writer.finish()
    }
}

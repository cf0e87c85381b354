public import ArgumentParser
import Butler
import Foundation
public import SciCLI

/// An example of a module's own `sci butler` command: the SPHEREx POC's `butler ingest-simulated`, which syncs the
/// simulator's instrument and detectors, registers the image type and ingests simulator files by their names.
///
/// A module adds such a command with `ButlerCommand.register(IngestSimulated.self)` before `SciMain.run`.
public struct IngestSimulated: ParsableCommand {
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
    // The POC's file filter: raws only, so a folder holding darks too gives one dataset per file.
    @Option(help: "Only files whose names contain a match of this regex.") var regex = #"sim_exposure_(\d+)_array_(\d).fits"#
    @Option(help: "The RUN (default: <ingest-type>r).") var outputRun: String?
    @Option(help: "How files get in.") var transfer: TransferMode = .auto
    @Option(help: "The dataset type.") var ingestType = "rawexp"

    public init() {}

    public func run() throws {
        let butler = try Butler(root: repo)
        let registry = butler.registry
        // The POC's universe calls the pointing `exposure`; the current SPHEREx one `observation`.
        let pointing = registry.universe.contains("exposure") ? "exposure" : "observation"
        try registry.insertDimensionRecords("instrument", [["name": .string("simulator")]], sync: true)
        try registry.insertDimensionRecords(
            "detector", (1...6).map { ["instrument": .string("simulator"), "id": .int(Int64($0)), "full_name": .string("array\($0)")] },
            sync: true)
        try registry.registerDatasetType(
            DatasetType(name: ingestType, dimensions: ["instrument", "detector", pointing], storageClass: "SPHERExImage"))
        let filter = try NSRegularExpression(pattern: regex)
        let naming = try NSRegularExpression(pattern: #"sim_exposure_(\d+)_array_(\d)[_,.]"#)
        var files: [FileToIngest] = []
        for location in locations {
            let paths = (FileManager.default.subpaths(atPath: location) ?? []).map { location + "/" + $0 }.sorted()
            for path in paths.isEmpty ? [location] : paths {
                let name = (path as NSString).lastPathComponent
                let range = NSRange(name.startIndex..., in: name)
                guard filter.firstMatch(in: name, range: range) != nil, let match = naming.firstMatch(in: name, range: range),
                    let exposure = Range(match.range(at: 1), in: name), let detector = Range(match.range(at: 2), in: name)
                else { continue }
                files.append(FileToIngest(path: path, dataId: [
                    "instrument": "simulator", pointing: .string(String(name[exposure])), "detector": .string(String(name[detector])),
                ]))
            }
        }
        // The simulator names exposures only in its file names: their records are made here, as the POC synced them.
        let refs = try butler.ingest(
            files, datasetType: ingestType, run: outputRun ?? "\(ingestType)r", transfer: transfer, createRecords: true)
        let writer = try globals.makeWriter(columns: ["type", "run", "id", "detector", pointing, "instrument"])
        for ref in refs { writer.write(ref.row(butler: butler, showURI: false)) }
        writer.finish()
    }
}

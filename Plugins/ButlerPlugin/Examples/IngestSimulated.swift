public import ArgumentParser
import Butler
import Foundation
import SciCore
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
        let universe = registry.universe
        try registry.insertDimensionRecords("instrument", [try Self.fields(of: "instrument", in: universe, [
            "name": .string("simulator"), "exposure_max": .int(600_000), "detector_max": .int(6),
            "class_name": .string("spherex.instrument.SimulatorInstrument"),
        ])], sync: true)
        try registry.insertDimensionRecords(
            "detector", try (1...6).map { try Self.fields(of: "detector", in: universe, [
                "instrument": .string("simulator"), "id": .int(Int64($0)), "full_name": .string("array\($0)"),
            ]) },
            sync: true)
        try registry.registerDatasetType(
            DatasetType(name: ingestType, dimensions: ["instrument", "detector", pointing], storageClass: "SPHERExImage"))
        let filter = try NSRegularExpression(pattern: regex)
        let naming = try NSRegularExpression(pattern: #"sim_exposure_(\d+)_array_(\d)[_,.]"#)
        // The POC groups a day's files by the ingest date (raws and darks of one day share a group).
        let group = Self.ingestDate()
        var files: [FileToIngest] = []
        var exposures: [Int64: [String: RecordValue]] = [:]
        for location in locations {
            let paths = (FileManager.default.subpaths(atPath: location) ?? []).map { location + "/" + $0 }.sorted()
            for path in paths.isEmpty ? [location] : paths {
                let name = (path as NSString).lastPathComponent
                let range = NSRange(name.startIndex..., in: name)
                guard filter.firstMatch(in: name, range: range) != nil, let match = naming.firstMatch(in: name, range: range),
                    let exposureDigits = Range(match.range(at: 1), in: name), let detector = Range(match.range(at: 2), in: name)
                else { continue }
                guard let exposure = Int64(name[exposureDigits]) else {
                    throw SciError("the exposure number in '\(name)' is too large", hint: "simulator exposures are numbered 0-600000")
                }
                exposures[exposure] = try Self.fields(of: pointing, in: universe, [
                    "instrument": .string("simulator"), "id": .int(exposure),
                    "name": .string(Self.sixDigits(exposure)), "group_name": .string(group),
                ])
                files.append(FileToIngest(path: path, dataId: [
                    "instrument": "simulator", pointing: .int(exposure), "detector": .string(String(name[detector])),
                ]))
            }
        }
        // The simulator names exposures only in its file names: their records are synced here, as the POC did.
        try registry.insertDimensionRecords(pointing, exposures.keys.sorted().compactMap { exposures[$0] }, sync: true)
        let refs = try butler.ingest(files, datasetType: ingestType, run: outputRun ?? "\(ingestType)r", transfer: transfer)
        let writer = try globals.makeWriter(columns: ["type", "run", "id", "detector", pointing, "instrument"])
        for ref in refs { writer.write(ref.row(butler: butler, showURI: false)) }
        writer.finish()
    }

    /// The POC's record, less the fields this repository's universe does not define (an older universe has no
    /// `exposure_max` or `group_name`).
    static func fields(of element: String, in universe: DimensionUniverse, _ record: [String: RecordValue]) throws -> [String: RecordValue] {
        let definition = try universe.element(element)
        let known = Set(try universe.requiredDimensions(of: element) + [definition.primaryKey.name, element]
            + definition.recordFields.map(\.name))
        return record.filter { known.contains($0.key) }
    }

    /// `%06d` of the POC's exposure names.
    static func sixDigits(_ number: Int64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Today's date as the POC writes its groups, `YYYYMMDD`, in local time as Python's `date.today()`.
    static func ingestDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: Date())
    }
}

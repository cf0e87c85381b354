import Foundation
import SciCore

/// The SPHEREx POC's `butler ingest-simulated`: syncs the simulator's instrument and detectors, registers the image
/// type and ingests simulator files (`sim_exposure_<exposure>_array_<detector>...fits`) by their names.
public struct SimulatorIngest: Sendable {
    /// Only files whose names contain a match of this regex; the POC's filter takes raws only.
    public var filter = #"sim_exposure_(\d+)_array_(\d).fits"#
    /// The dataset type the files go in as.
    public var datasetType = "rawexp"
    /// The RUN; nil means `<datasetType>r`.
    public var run: String?
    /// How files get in.
    public var transfer: TransferMode = .auto
    /// The exposures' group name; the POC groups a day's files by the ingest date, `YYYYMMDD` in local time.
    public var group = SimulatorIngest.today()

    /// The POC's defaults.
    public init() {}

    /// The pointing dimension: the POC's universe calls it `exposure`, the current SPHEREx one `observation`.
    public static func pointing(in universe: DimensionUniverse) -> String {
        universe.contains("exposure") ? "exposure" : "observation"
    }

    /// Ingests the matching files under `locations` (folders or files) into `butler` and returns their datasets.
    public func ingest(_ locations: [String], into butler: Butler) throws -> [DatasetRef] {
        let registry = butler.registry
        let universe = registry.universe
        let pointing = Self.pointing(in: universe)
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
            DatasetType(name: datasetType, dimensions: ["instrument", "detector", pointing], storageClass: "SPHERExImage"))
        let filter: NSRegularExpression
        do {
            filter = try NSRegularExpression(pattern: self.filter)
        } catch {
            throw SciError("the regex '\(self.filter)' is not valid", exitCode: SciError.usageExitCode, underlying: error)
        }
        let naming = try NSRegularExpression(pattern: #"sim_exposure_(\d+)_array_(\d)[_,.]"#)
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
        return try butler.ingest(files, datasetType: datasetType, run: run ?? "\(datasetType)r", transfer: transfer)
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
    public static func today() -> String {
        let day = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d%02d%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }
}

@testable import Butler
import Foundation
import Testing
import TestSupport

/// CALIBRATION collections: certifying datasets for validity ranges and finding the one valid at a time.
@Suite struct CalibrationTests {
    /// A repository with a calibration type `dark` (instrument, detector) and darks ingested into two RUNs.
    static func makeRepository(_ folder: TemporaryDirectory, _ engine: RegistryEngine) throws -> Butler {
        let butler = try Butler.create(
            root: folder.file("repo"), seedConfig: try engine.seed(), universe: try DimensionUniverse(yaml: spherexDimensions))
        try butler.registry.registerDatasetType(
            DatasetType(name: "dark", dimensions: ["instrument", "detector"], storageClass: "StructuredDataDict", isCalibration: true))
        try butler.registry.registerDatasetType(
            DatasetType(name: "flat", dimensions: ["instrument", "detector"], storageClass: "StructuredDataDict"))
        for (run, detectors) in [("darkr1", [1, 2]), ("darkr2", [1])] {
            let files = try detectors.map { detector -> FileToIngest in
                let path = folder.file("\(run)_\(detector).yaml")
                try Data("detector: \(detector)\n".utf8).write(to: URL(fileURLWithPath: path))
                return FileToIngest(path: path, dataId: ["instrument": "SPHEREx", "detector": .int(Int64(detector))])
            }
            try butler.ingest(files, datasetType: "dark", run: run, transfer: .copy, createRecords: true)
        }
        return butler
    }

    static func time(_ text: String) throws -> Int64 { try TimeLiteral.parse(text) }

    @Test(arguments: RegistryEngine.available) func certifiedDatasetsAreFoundByTime(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let april = try Timespan(parsingBegin: "2025-04-01T00:00:00", end: "2025-05-01T00:00:00")
        let fromMay = try Timespan(parsingBegin: "2025-05-01T00:00:00", end: nil)
        try butler.registry.certify(butler.registry.queryDatasets("dark", collections: ["darkr1"]), into: "calib", validity: april)
        try butler.registry.certify(butler.registry.queryDatasets("dark", collections: ["darkr2"]), into: "calib", validity: fromMay)
        #expect(try butler.registry.collection("calib").type == .calibration)
        let listed = try butler.registry.calibrations("dark", in: "calib")
        #expect(listed.map(\.ref.run) == ["darkr1", "darkr2", "darkr1"])
        #expect(listed.map(\.validity) == [april, fromMay, april])

        let detector1: DataId = ["instrument": "SPHEREx", "detector": 1]
        #expect(try butler.findCalibration("dark", dataId: detector1, collections: ["calib"], at: Self.time("2025-04-15T12:00:00")).run == "darkr1")
        // The end is exclusive: the first instant of May belongs to the second range.
        #expect(try butler.findCalibration("dark", dataId: detector1, collections: ["calib"], at: Self.time("2025-05-01T00:00:00")).run == "darkr2")
        #expect(try butler.findCalibration("dark", dataId: detector1, collections: ["calib"], at: Self.time("2030-01-01T00:00:00")).run == "darkr2")
        #expect(throws: ButlerError.self) {
            try butler.findCalibration("dark", dataId: detector1, collections: ["calib"], at: Self.time("2025-03-31T23:59:59"))
        }
        // Detector 2 has no certification from May on; text values are read by the key's type.
        #expect(throws: ButlerError.self) {
            try butler.findCalibration("dark", dataId: ["instrument": "SPHEREx", "detector": "2"], collections: ["calib"], at: Self.time("2025-06-01T00:00:00"))
        }

        // In a chain, collections are searched in order: a RUN before the CALIBRATION one wins at any time.
        try butler.registry.setChain("defaults", children: ["darkr2", "calib"])
        #expect(try butler.findCalibration("dark", dataId: detector1, collections: ["defaults"], at: Self.time("2025-04-15T00:00:00")).run == "darkr2")
        #expect(try butler.findCalibration("dark", dataId: ["instrument": "SPHEREx", "detector": 2], collections: ["defaults"], at: Self.time("2025-04-15T00:00:00")).run == "darkr1")
    }

    @Test(arguments: RegistryEngine.available) func overlapsAndWrongTypesChangeNothing(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let april = try Timespan(parsingBegin: "2025-04-01T00:00:00", end: "2025-05-01T00:00:00")
        let darks = try butler.registry.queryDatasets("dark", collections: ["darkr1"])
        try butler.registry.certify(darks, into: "calib", validity: april)

        // Mid-April to June overlaps April for both detectors; the whole certification is refused.
        let overlapping = try Timespan(parsingBegin: "2025-04-15T00:00:00", end: "2025-06-01T00:00:00")
        #expect(throws: ButlerError.self) {
            try butler.registry.certify(butler.registry.queryDatasets("dark", collections: ["darkr2"]), into: "calib", validity: overlapping)
        }
        #expect(try butler.registry.calibrations("dark", in: "calib").count == 2)

        // Ranges that only touch do not overlap.
        try butler.registry.certify(
            butler.registry.queryDatasets("dark", collections: ["darkr2"]), into: "calib",
            validity: try Timespan(parsingBegin: "2025-03-01T00:00:00", end: "2025-04-01T00:00:00"))
        #expect(try butler.registry.calibrations("dark", in: "calib").count == 3)

        // A type that is not a calibration type cannot be certified, and a RUN is not a CALIBRATION collection.
        let flat = DatasetRef(id: darks[0].id, datasetType: "flat", dataId: darks[0].dataId, run: "darkr1")
        #expect(errorMessage { try butler.registry.certify([flat], into: "calib", validity: april) } == "dataset type flat is not a calibration type; register it with --is-calibration")
        #expect(errorMessage { try butler.registry.certify(darks, into: "darkr2", validity: april) } == "collection 'darkr2' exists as RUN, not CALIBRATION")
        #expect(errorMessage { try Timespan(parsingBegin: "2025-05-01T00:00:00", end: "2025-04-01T00:00:00") } == "invalid data ID: a validity range must begin before it ends")
    }
}

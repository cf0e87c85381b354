@testable import Butler
import Foundation
import SciCore
import SciFITS
import Testing
import TestSupport

/// The SPHEREx POC's story on files made here: raw and dark images by observation and detector, ingested from their
/// names, chained collections, queries.
@Suite struct RepositoryStoryTests {
    static let seed = """
        datastore:
          templates:
            default: "{run:/}/{datasetType}.{component:?}/{observation:?}/{datasetType}_{component:?}_{instrument:?}_{observation:06d?}_{detector:?}_{run}"
        """

    /// A repository with the SPHEREx universe, instrument and detector records, and the two image types.
    static func makeRepository(_ folder: TemporaryDirectory, _ engine: RegistryEngine) throws -> Butler {
        let butler = try Butler.create(
            root: folder.file("repo"), seedConfig: try engine.seed(seed), universe: try DimensionUniverse(yaml: spherexDimensions))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx"), "detector_max": .int(6)]])
        try butler.registry.insertDimensionRecords(
            "detector", (1...2).map { ["instrument": .string("SPHEREx"), "id": .int($0), "full_name": .string("D\($0)")] })
        for name in ["rawexp", "dark"] {
            try butler.registry.registerDatasetType(
                DatasetType(name: name, dimensions: ["instrument", "observation", "detector"], storageClass: "SPHERExImage"))
        }
        return butler
    }

    /// FITS files `<prefix>_<observation>_<detector>.fits` whose pixels encode their data ID.
    static func makeImages(_ folder: TemporaryDirectory, prefix: String, observations: ClosedRange<Int>) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder.file(prefix), withIntermediateDirectories: true)
        var paths: [String] = []
        for observation in observations {
            for detector in 1...2 {
                let path = folder.file("\(prefix)/\(prefix)_\(observation)_\(detector).fits")
                let file = try FITSFile.create(path, overwrite: true)
                _ = try file.appendImage(FITSImage<Double>(width: 4, height: 3, repeating: Double(observation * 10 + detector)))
                try file.close()
                paths.append(path)
            }
        }
        return paths
    }

    static func files(_ paths: [String], instrument: String = "SPHEREx") -> [FileToIngest] {
        paths.map { path in
            let parts = (path as NSString).lastPathComponent.replacingOccurrences(of: ".fits", with: "").split(separator: "_")
            return FileToIngest(path: path, dataId: [
                "instrument": .string(instrument), "observation": .string(String(parts[1])), "detector": .string(String(parts[2])),
            ])
        }
    }

    @Test(arguments: RegistryEngine.available) func ingestChainQueryAndGet(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let raws = try Self.makeImages(folder, prefix: "raw", observations: 1...3)
        let darks = try Self.makeImages(folder, prefix: "dark", observations: 1...3)

        let ingested = try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "rawexpr", transfer: .copy, createRecords: true)
        #expect(ingested.count == 6)
        #expect(ingested[0].path == "rawexpr/rawexp/1/rawexp_SPHEREx_000001_1_rawexpr.fits")
        try butler.ingest(Self.files(darks), datasetType: "dark", run: "darkr", transfer: .symlink, createRecords: true)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: butler.root + "/darkr/dark/2/dark_SPHEREx_000002_1_darkr.fits") == Butler.absolute(darks[2]))

        // The ingested files read back as the images written.
        let image = try butler.get("rawexp", dataId: ["instrument": "SPHEREx", "observation": 2, "detector": 1], collections: ["rawexpr"])
        #expect(image == .image(FITSImage<Double>(width: 4, height: 3, repeating: 21)))

        // Observation records were made from the data IDs; metadata can be filled in later and queried.
        #expect(try butler.registry.queryDimensionRecords("observation").count == 3)

        // Re-ingesting the same data IDs into the RUN fails, and nothing changes; --skip-existing skips them.
        #expect(errorMessage { try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "rawexpr", transfer: .copy, createRecords: true) }?.hasPrefix("dataset rawexp {detector: 1, instrument: SPHEREx, observation: 1} already exists in RUN 'rawexpr' with id ") == true)
        #expect(try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "rawexpr", transfer: .copy, skipExisting: true, createRecords: true).isEmpty)
        #expect(try butler.registry.queryDatasets("rawexp", collections: ["rawexpr"]).count == 6)

        // A second raw RUN shadows the first through a chain, find-first.
        let reprocessed = try Self.makeImages(folder, prefix: "raw2", observations: 2...2)
        try butler.ingest(Self.files(reprocessed), datasetType: "rawexp", run: "rawexpr2", transfer: .hardlink, createRecords: true)
        try butler.registry.setChain("spx/defaults", children: ["rawexpr2", "rawexpr", "darkr"])
        try butler.registry.setChain("spx/all", children: ["spx/defaults", "darkr"])
        #expect(try butler.registry.flatten(["spx/all"]).map(\.name) == ["rawexpr2", "rawexpr", "darkr"])
        let firsts = try butler.registry.queryDatasets("rawexp", collections: ["spx/defaults"], where: "instrument = 'SPHEREx'")
        #expect(firsts.count == 6)
        #expect(firsts.filter { $0.run == "rawexpr2" }.count == 2)
        let all = try butler.registry.queryDatasets("rawexp", collections: ["spx/defaults"], findFirst: false)
        #expect(all.count == 8)

        // Where-clauses become SQL: ranges, strides, NOT IN, record fields, binds.
        func count(_ expression: String, bind: [String: WhereBindValue] = [:]) throws -> Int {
            try butler.registry.queryDatasets("dark", collections: ["darkr"], where: expression, bind: bind).count
        }
        #expect(try count("instrument = 'SPHEREx' AND detector IN (1..2) AND observation > 1") == 4)
        #expect(try count("observation IN (1..3:2)") == 4)
        #expect(try count("detector NOT IN (2) AND observation < 3") == 2)
        #expect(try count("detector.full_name = 'D2'") == 3)
        #expect(try count("observation = :obs AND detector IN (dets)", bind: ["obs": .int(3), "dets": .list([.int(1), .int(2)])]) == 2)
        #expect(try count("(detector=2 OR detector=1) AND NOT observation > 2") == 4)
        #expect(try count("observation % 2 = 0") == 2)
        #expect(try count("dark.run = 'darkr' AND observation = -1 + 3") == 2)
        #expect(errorMessage { try count("detector.colour = 'red'") } == "invalid where-expression at column 1 (near 'detector.colour = 'r'): dimension 'detector' has no field 'colour' (it has id, full_name, lmin, lmax)")

        let id = try #require(all.first?.id)
        #expect(try butler.registry.queryDatasets("rawexp", collections: ["spx/defaults"], where: "rawexp.dataset_id = UUID('\(id.uuidString)')", findFirst: false).count == 1)

        // Data IDs for which both inputs exist, as a pipeline's quantum graph needs.
        let dataIds = try butler.registry.queryDataIds(
            ["observation", "detector"], where: "instrument = 'SPHEREx'", datasetType: "dark", collections: ["darkr"])
        #expect(dataIds.count == 6)
        #expect(try butler.registry.queryDataIds(["detector"]).count == 2)

        // Collections and their chains.
        #expect(try butler.registry.collections(types: [.chained]).map(\.name) == ["spx/all", "spx/defaults"])
        #expect(errorMessage { try butler.registry.setChain("rawexpr2", children: []) } == "collection 'rawexpr2' exists as RUN, not CHAINED")
        #expect(errorMessage { try butler.registry.setChain("spx/defaults", children: ["spx/all"]) } == "chain cycle: spx/defaults -> spx/all -> spx/defaults")

        // Removing a chained RUN needs force; its files go, the chain forgets it.
        #expect(errorMessage { try butler.removeRuns(["rawexpr2"]) } == "RUN 'rawexpr2' is in chain spx/defaults; use --force to remove it anyway")
        try butler.removeRuns(["rawexpr2"], force: true)
        #expect(try butler.registry.collection("spx/defaults").children == ["rawexpr", "darkr"])
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/rawexpr2"))
        #expect(FileManager.default.fileExists(atPath: reprocessed[0]))
    }

    @Test(arguments: RegistryEngine.available) func reopenedRepositoryKeepsItsUniverseAndConfig(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        _ = try Self.makeRepository(folder, engine)
        let reopened = try Butler(root: folder.file("repo"))
        #expect(reopened.registry.universe.namespace == "spherex")
        #expect(reopened.config.templates["default"]?.hasPrefix("{run:/}") == true)
        #expect(try reopened.registry.datasetTypes().map(\.name) == ["dark", "rawexp"])
        #expect(errorMessage { try Butler.create(root: folder.file("repo")) } == "a repository already exists at \(folder.file("repo"))")
    }

    @Test(arguments: RegistryEngine.available) func templateIgnoringADimensionIsRejectedAtIngest(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Butler.create(
            root: folder.file("repo"), seedConfig: try engine.seed("datastore: {templates: {default: '{run:/}/{datasetType}_{detector}_{run}'}}"),
            universe: try DimensionUniverse(yaml: spherexDimensions))
        try butler.registry.registerDatasetType(DatasetType(name: "rawexp", dimensions: ["observation", "detector"], storageClass: "SPHERExImage"))
        let raws = try Self.makeImages(folder, prefix: "raw", observations: 1...2)
        #expect(errorMessage { try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "r", transfer: .copy, createRecords: true) } == "file template '{run:/}/{datasetType}_{detector}_{run}' ignores dimensions instrument, observation of dataset type rawexp, so different datasets would be written to one file; add them to datastore.templates")
        // The failed ingest left no RUN behind (the real butler leaves an empty one).
        #expect(errorMessage { try butler.registry.collection("r") } == "collection 'r' does not exist")
    }

    @Test(arguments: RegistryEngine.available) func deterministicIdsAndTransferModes(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let raws = try Self.makeImages(folder, prefix: "raw", observations: 1...1)
        let refs = try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "r3", transfer: .relsymlink, idGeneration: .dataIdTypeRun, createRecords: true)
        let expected = DatasetIdFactory.uuid5(name: "dataset_type=rawexp,run=r3,detector=1,instrument=SPHEREx,observation=1")
        #expect(refs[0].id == expected)
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: try butler.path(of: refs[0]))
        #expect(link.hasPrefix("../"))
        // The same ids again in another RUN collide with dataid_type.
        try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "r4", transfer: .direct, idGeneration: .dataIdType, createRecords: true)
        #expect(throws: ButlerError.self) {
            try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "r5", transfer: .direct, idGeneration: .dataIdType, createRecords: true)
        }
        let direct = try butler.registry.queryDatasets("rawexp", collections: ["r4"])
        #expect(direct[0].path == "file://" + Butler.absolute(raws[0]))
        try butler.removeRuns(["r4"])
        #expect(FileManager.default.fileExists(atPath: raws[0]))

        // move: the source goes once the ingest commits.
        let moved = try Self.makeImages(folder, prefix: "mv", observations: 5...5)
        try butler.ingest(Self.files(moved), datasetType: "dark", run: "darkr", transfer: .move, createRecords: true)
        #expect(!FileManager.default.fileExists(atPath: moved[0]))
        #expect(try butler.get("dark", dataId: ["instrument": "SPHEREx", "observation": 5, "detector": 2], collections: ["darkr"])
            == .image(FITSImage<Double>(width: 4, height: 3, repeating: 52)))
    }

    @Test(arguments: RegistryEngine.available) func aFailedIngestNeverTouchesFilesAlreadyStored(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        try butler.registry.insertDimensionRecords(
            "detector", (3...6).map { ["instrument": .string("SPHEREx"), "id": .int($0), "full_name": .string("D\($0)")] })
        // Enough files that they are placed on several threads while the rows are inserted.
        try FileManager.default.createDirectory(atPath: folder.file("txt"), withIntermediateDirectories: true)
        var files: [FileToIngest] = []
        for observation in 1...40 {
            for detector in 1...6 {
                let path = folder.file("txt/t_\(observation)_\(detector).txt")
                try folder.writeFile("txt/t_\(observation)_\(detector).txt", "first \(observation) \(detector)\n")
                files.append(FileToIngest(path: path, dataId: ["instrument": "SPHEREx", "observation": .int(Int64(observation)), "detector": .int(Int64(detector))]))
            }
        }
        try butler.registry.registerDatasetType(
            DatasetType(name: "note", dimensions: ["instrument", "observation", "detector"], storageClass: "Text"))
        let stored = try butler.ingest(files, datasetType: "note", run: "n", transfer: .copy, createRecords: true)
        let before = try stored.map { try String(contentsOfFile: try butler.path(of: $0), encoding: .utf8) }
        for file in files { try "second\n".write(toFile: file.path, atomically: false, encoding: .utf8) }
        for mode in [TransferMode.copy, .symlink, .hardlink] {
            let error = #expect(throws: ButlerError.self) { try butler.ingest(files, datasetType: "note", run: "n", transfer: mode, createRecords: true) }
            #expect("\(error.map { SciError.from($0).message } ?? "")".contains("already exists in RUN 'n'"))
        }
        let after = try stored.map { try String(contentsOfFile: try butler.path(of: $0), encoding: .utf8) }
        #expect(after == before && before.count == 240 && before[0] == "first 1 1\n")
    }

    @Test(arguments: RegistryEngine.available) func putAndGetStructuredData(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        try butler.registry.registerDatasetType(DatasetType(name: "summary", dimensions: ["instrument", "detector"], storageClass: "StructuredDataDict"))
        let value: JSONValue = .object(["mean": .double(1.5), "n": .int(3), "name": .string("D1"), "ok": .bool(true)])
        let ref = try butler.put(.structured(value), datasetType: "summary", dataId: ["instrument": "SPHEREx", "detector": 1], run: "stats", createRecords: true)
        #expect(ref.path?.hasSuffix(".yaml") == true)
        #expect(try butler.get(ref) == .structured(value))
        #expect(throws: ButlerError.self) {
            try butler.put(.structured(value), datasetType: "summary", dataId: ["instrument": "SPHEREx", "detector": 1], run: "stats", createRecords: true)
        }
        // Registering a different definition under the same name is refused; the same one is fine.
        #expect(try !butler.registry.registerDatasetType(DatasetType(name: "summary", dimensions: ["instrument", "detector"], storageClass: "StructuredDataDict")))
        #expect(throws: ButlerError.self) {
            try butler.registry.registerDatasetType(DatasetType(name: "summary", dimensions: ["instrument"], storageClass: "StructuredDataDict"))
        }
    }

    @Test(arguments: RegistryEngine.available) func openingRemovesFilesOfADeadIngest(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let raws = try Self.makeImages(folder, prefix: "raw", observations: 1...1)
        let kept = try butler.ingest(Self.files(raws), datasetType: "rawexp", run: "r", transfer: .copy, createRecords: true)[0]
        // What a killed ingest leaves: a placed file no registry row points at, and its unlocked journal.
        let orphan = "r/rawexp/9/orphan.fits"
        try FileManager.default.createDirectory(atPath: butler.root + "/r/rawexp/9", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: butler.root + "/" + orphan))
        try FileManager.default.createDirectory(atPath: butler.root + "/.butler/ingest", withIntermediateDirectories: true)
        try "\(orphan)\n\(kept.path!)\n".write(toFile: butler.root + "/.butler/ingest/dead.journal", atomically: true, encoding: .utf8)
        _ = try Butler(root: butler.root)
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/" + orphan))
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/r/rawexp/9"))
        #expect(FileManager.default.fileExists(atPath: try butler.path(of: kept)))
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/.butler/ingest/dead.journal"))
    }
}

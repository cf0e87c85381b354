@testable import Butler
import Foundation
import Testing
import TestSupport

/// TAGGED collections (associate, disassociate), decertify, and --order-by in the three query kinds.
@Suite struct TaggedAndOrderTests {
    static let detector1: DataId = ["instrument": "SPHEREx", "detector": 1]

    @Test(arguments: RegistryEngine.available) func associateAddsOnceAndRefusesASecondDatasetForADataId(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try CalibrationTests.makeRepository(folder, engine)
        let first = try butler.registry.queryDatasets("dark", collections: ["darkr1"])
        try butler.registry.associate("best", first)
        // Associating the same datasets again changes nothing.
        try butler.registry.associate("best", first)
        #expect(try butler.registry.collection("best").type == .tagged)
        #expect(try butler.registry.queryDatasets("dark", collections: ["best"]).map(\.id) == first.map(\.id))

        // darkr2's detector 1 has the data ID of a member: refused, and nothing changes.
        let second = try butler.registry.queryDatasets("dark", collections: ["darkr2"])
        #expect(errorMessage { try butler.registry.associate("best", second) }?.hasPrefix("TAGGED collection 'best' already holds another dark {detector: 1, instrument: SPHEREx} (") == true)
        #expect(try butler.registry.queryDatasets("dark", collections: ["best"]).map(\.run) == ["darkr1", "darkr1"])

        // Swapping it: the TAGGED collection then mixes RUNs, and the RUN keeps its dataset.
        let removed = try butler.registry.disassociate("best", first.filter { $0.dataId == Self.detector1 })
        #expect(removed == 1)
        try butler.registry.associate("best", second)
        #expect(try butler.registry.queryDatasets("dark", collections: ["best"]).map(\.run) == ["darkr2", "darkr1"])
        #expect(try butler.registry.queryDatasets("dark", collections: ["darkr1"]).count == 2)

        // A RUN is not a TAGGED collection, for either operation.
        #expect(errorMessage { try butler.registry.associate("darkr2", first) } == "collection 'darkr2' exists as RUN, not TAGGED")
        #expect(errorMessage { try butler.registry.disassociate("darkr2", first) } == "collection 'darkr2' is RUN, not TAGGED")
        // Removing the RUN takes its datasets out of the tag too.
        try butler.removeRuns(["darkr2"])
        #expect(try butler.registry.queryDatasets("dark", collections: ["best"]).map(\.run) == ["darkr1"])
    }

    @Test(arguments: RegistryEngine.available) func decertifyTrimsAndSplitsRanges(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try CalibrationTests.makeRepository(folder, engine)
        let april = try Timespan(parsingBegin: "2025-04-01T00:00:00", end: "2025-05-01T00:00:00")
        try butler.registry.certify(butler.registry.queryDatasets("dark", collections: ["darkr1"]), into: "calib", validity: april)

        // The middle of April, for detector 1 only (its value as text, read by the key's type): its range splits.
        let middle = try Timespan(parsingBegin: "2025-04-10T00:00:00", end: "2025-04-20T00:00:00")
        let changed = try butler.decertify("calib", datasetType: "dark", validity: middle, dataIds: [["instrument": "SPHEREx", "detector": "1"]])
        #expect(changed == 1)
        let listed = try butler.registry.calibrations("dark", in: "calib")
        #expect(listed.map(\.validity) == [
            try Timespan(parsingBegin: "2025-04-01T00:00:00", end: "2025-04-10T00:00:00"),
            try Timespan(parsingBegin: "2025-04-20T00:00:00", end: "2025-05-01T00:00:00"),
            april,
        ])
        let time = CalibrationTests.time
        #expect(try butler.findCalibration("dark", dataId: Self.detector1, collections: ["calib"], at: time("2025-04-05T00:00:00")).run == "darkr1")
        #expect(throws: ButlerError.self) {
            try butler.findCalibration("dark", dataId: Self.detector1, collections: ["calib"], at: time("2025-04-15T00:00:00"))
        }

        // From the 25th on, unbounded, every data ID: the ranges end there and the first one of detector 1 stays whole.
        #expect(try butler.decertify("calib", datasetType: "dark", validity: Timespan(parsingBegin: "2025-04-25T00:00:00", end: nil)) == 2)
        #expect(try butler.registry.calibrations("dark", in: "calib").map(\.validity.end) == [
            time("2025-04-10T00:00:00"), time("2025-04-25T00:00:00"), time("2025-04-25T00:00:00"),
        ])
        // Everything: nothing is left; a RUN is not a CALIBRATION collection.
        #expect(try butler.decertify("calib", datasetType: "dark", validity: Timespan(begin: nil, end: nil)) == 3)
        #expect(try butler.registry.calibrations("dark", in: "calib").isEmpty)
        #expect(errorMessage { try butler.decertify("darkr1", datasetType: "dark", validity: april) } == "collection 'darkr1' is RUN, not CALIBRATION")
    }

    @Test(arguments: RegistryEngine.available) func orderByTermsSortEveryQuery(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try RepositoryStoryTests.makeRepository(folder, engine)
        let raws = try RepositoryStoryTests.makeImages(folder, prefix: "raw", observations: 1...3)
        try butler.ingest(RepositoryStoryTests.files(raws), datasetType: "rawexp", run: "r1", transfer: .symlink, createRecords: true)
        try butler.ingest(RepositoryStoryTests.files(Array(raws.prefix(2))), datasetType: "rawexp", run: "r2", transfer: .symlink, createRecords: true)
        let registry = butler.registry
        func pairs(_ refs: [DatasetRef]) -> [String] { refs.map { "\($0.dataId["observation"]!)/\($0.dataId["detector"]!)" } }

        #expect(pairs(try registry.queryDatasets("rawexp", collections: ["r1"], orderBy: ["-detector", "observation"]))
            == ["1/2", "2/2", "3/2", "1/1", "2/1", "3/1"])
        #expect(pairs(try registry.queryDatasets("rawexp", collections: ["r1"], orderBy: ["-observation"], limit: 2)) == ["3/1", "3/2"])
        // Record fields sort too (joined on demand), and in a find-first search over a chain of RUNs.
        #expect(pairs(try registry.queryDatasets("rawexp", collections: ["r2", "r1"], orderBy: ["-detector.full_name"]))
            == ["1/2", "2/2", "3/2", "1/1", "2/1", "3/1"])
        // r2 holds observation 1 only, so it wins there.
        let found = try registry.queryDatasets("rawexp", collections: ["r2", "r1"], orderBy: ["-observation", "-detector"])
        #expect(pairs(found) == ["3/2", "3/1", "2/2", "2/1", "1/2", "1/1"])
        #expect(found.map(\.run) == ["r1", "r1", "r1", "r1", "r2", "r2"])
        let all = try registry.queryDatasets("rawexp", collections: ["r1", "r2"], findFirst: false, orderBy: ["-run", "detector"])
        #expect(all.map(\.run) == ["r2", "r2", "r1", "r1", "r1", "r1", "r1", "r1"])
        #expect(pairs(all).prefix(3) == ["1/1", "1/2", "1/1"])

        #expect(try registry.queryDataIds(["detector"], orderBy: ["-detector"]).map { $0["detector"] } == [2, 1])
        #expect(try registry.queryDimensionRecords("detector", orderBy: ["-full_name"]).map { $0["full_name"] } == [
            .string("D2"), .string("D1"),
        ])
        #expect(try registry.queryDimensionRecords("detector", orderBy: ["-detector"], limit: 1).map { $0["id"] } == [.int(2)])

        // A name that is nothing in the query is one clear error.
        #expect(throws: ButlerError.invalidDataId("cannot order by 'nothing': unknown name 'nothing'")) {
            try registry.queryDatasets("rawexp", collections: ["r1"], orderBy: ["nothing"])
        }
    }
}

@testable import Butler
import Foundation
import Testing
import TestSupport

/// The where-language answers as daf_butler's: one regression test per defect of issue 18, on a repository with the
/// default universe (exposures with filters, bands, days and timespans).
@Suite struct WhereSemanticsTests {
    /// 2026-01-01T00:00:00 TAI in the registry's encoding; exposure e spans [start + 100 e s, start + 100 e s + 50 s).
    static let start: Int64 = (TimeLiteral.daysFromCivil(year: 2026, month: 1, day: 1) * 86400) * 1_000_000_000

    /// Exposures 1…10 (odd ones through filter f1 of band b1, even ones f2 / b2) × detectors 1…3, as `raw` datasets.
    static func makeRepository(_ folder: TemporaryDirectory, _ engine: RegistryEngine) throws -> Butler {
        let butler = try Butler.create(root: folder.file("repo"), seedConfig: try engine.seed())
        let registry = butler.registry
        try registry.insertDimensionRecords("instrument", [["name": .string("X")]])
        try registry.insertDimensionRecords("band", [["name": .string("b1")], ["name": .string("b2")]])
        try registry.insertDimensionRecords("physical_filter", [
            ["instrument": .string("X"), "name": .string("f1"), "band": .string("b1")],
            ["instrument": .string("X"), "name": .string("f2"), "band": .string("b2")],
        ])
        try registry.insertDimensionRecords("day_obs", [["instrument": .string("X"), "id": .int(20260101)]])
        try registry.insertDimensionRecords("group", [["instrument": .string("X"), "name": .string("g1")]])
        try registry.insertDimensionRecords("detector", (1...3).map { ["instrument": .string("X"), "id": .int($0), "full_name": .string("D\($0)")] })
        try registry.insertDimensionRecords("exposure", (1...10).map { (exposure: Int64) -> [String: RecordValue] in
            let begin = start + exposure * 100 * 1_000_000_000
            return [
                "instrument": .string("X"), "id": .int(exposure), "obs_id": .string("e\(exposure)"),
                "physical_filter": .string(exposure % 2 == 1 ? "f1" : "f2"), "day_obs": .int(20260101), "group": .string("g1"),
                "exposure_time": .float(Double(exposure) * 10), "timespan_begin": .int(begin),
                "timespan_end": .int(begin + 50 * 1_000_000_000),
            ]
        })
        try registry.registerDatasetType(
            DatasetType(name: "raw", dimensions: ["instrument", "exposure", "detector"], storageClass: "StructuredDataDict"))
        var files: [FileToIngest] = []
        for exposure in 1...10 {
            for detector in 1...3 {
                let path = folder.file("raw_\(exposure)_\(detector).yaml")
                try Data("exposure: \(exposure)\n".utf8).write(to: URL(fileURLWithPath: path))
                files.append(FileToIngest(path: path, dataId: ["instrument": "X", "exposure": .int(Int64(exposure)), "detector": .int(Int64(detector))]))
            }
        }
        try butler.ingest(files, datasetType: "raw", run: "r")
        return butler
    }

    /// The sorted (exposure, detector) pairs the expression finds.
    static func found(_ butler: Butler, _ expression: String, bind: [String: WhereBindValue] = [:]) throws -> [[Int64]] {
        try butler.registry.queryDatasets("raw", collections: ["r"], where: expression, bind: bind).map { ref in
            guard case .int(let exposure) = ref.dataId["exposure"], case .int(let detector) = ref.dataId["detector"] else { return [] }
            return [exposure, detector]
        }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func exposures(_ butler: Butler, _ expression: String, bind: [String: WhereBindValue] = [:]) throws -> [Int64] {
        Array(Set(try found(butler, expression, bind: bind).map { $0[0] })).sorted()
    }

    /// The column of the error the expression gets, or nil when it is accepted.
    static func rejection(_ butler: Butler, _ expression: String) -> Int? {
        do {
            _ = try found(butler, expression)
            return nil
        } catch let ButlerError.invalidExpression(_, _, column) {
            return column
        } catch {
            Issue.record("\(expression): not an expression error: \(error)")
            return -1
        }
    }

    // Defect 8: a data ID whose records do not exist is refused, naming the missing record; nothing is ingested.
    @Test(arguments: RegistryEngine.available) func ingestRefusesMissingDimensionRecords(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let path = folder.file("raw_999.yaml")
        try Data("exposure: 999\n".utf8).write(to: URL(fileURLWithPath: path))
        let file = FileToIngest(path: path, dataId: ["instrument": "X", "exposure": 999, "detector": 1])
        let error = #expect(throws: ButlerError.self) { try butler.ingest([file], datasetType: "raw", run: "r2", transfer: .copy) }
        let message = error?.sciError.message ?? ""
        #expect(message.contains("no exposure record with instrument=X, id=999"), "\(message)")
        #expect(try butler.registry.queryDimensionRecords("exposure", where: "exposure = 999").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: butler.root + "/r2"))
        let newDetector = FileToIngest(path: path, dataId: ["instrument": "X", "exposure": 1, "detector": 7])
        #expect(errorMessage { try butler.ingest([newDetector], datasetType: "raw", run: "r2", transfer: .copy) } == "invalid data ID: there is no detector record with instrument=X, id=7 (needed by {detector: 7, exposure: 1, instrument: X}); insert it first with `sci butler insert-dimension-records`, or ingest with --create-records to make it with its keys only")
        // With createRecords the records are made with their keys only.
        try butler.ingest([file], datasetType: "raw", run: "r2", transfer: .copy, createRecords: true)
        #expect(try butler.registry.queryDimensionRecords("exposure", where: "exposure = 999").count == 1)
    }

    // Defect 9: without templates in butler.yaml, files go where daf_butler's own templates put them; the one keyed
    // by the dimension set `physical_filter+detector+exposure` applies to raws.
    @Test(arguments: RegistryEngine.available) func defaultTemplatesAreDafButlers(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let ref = try #require(try butler.registry.queryDatasets("raw", collections: ["r"], where: "exposure = 1 AND detector = 2").first)
        #expect(ref.path == "r/raw/20260101/e1/raw_X_f1_e1_D2_r.yaml")
        try butler.registry.registerDatasetType(
            DatasetType(name: "calexp", dimensions: ["instrument", "exposure", "detector"], storageClass: "StructuredDataDict"))
        let path = folder.file("calexp.yaml")
        try Data("a: 1\n".utf8).write(to: URL(fileURLWithPath: path))
        let stored = try butler.ingest(
            [FileToIngest(path: path, dataId: ["instrument": "X", "exposure": 2, "detector": 1])], datasetType: "calexp",
            run: "spx/raw", transfer: .copy)
        #expect(stored[0].path == "spx/raw/calexp/20260101/e2/calexp_X_f2_e2_D1_spx_raw.yaml")
    }

    // Defect 1: values and ranges of one IN list were bound in the wrong order.
    @Test(arguments: RegistryEngine.available) func inListsMixingRangesAndValues(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        #expect(try Self.found(butler, "instrument = 'X' AND exposure IN (1..2, 9) AND detector = 1") == [[1, 1], [2, 1], [9, 1]])
        #expect(try Self.exposures(butler, "exposure IN (9, 1..2)") == [1, 2, 9])
        #expect(try Self.exposures(butler, "exposure IN (1..10:4, 3, 7..8, 6)") == [1, 3, 5, 6, 7, 8, 9])
        #expect(try Self.exposures(butler, "exposure NOT IN (2..10, 1)").isEmpty)
        let dataIds = try butler.registry.queryDataIds(["exposure"], where: "instrument = 'X' AND exposure IN (1..2, 9)")
        #expect(dataIds.map { $0["exposure"] } == [.int(1), .int(2), .int(9)])
        let records = try butler.registry.queryDimensionRecords("exposure", where: "instrument = 'X' AND exposure.id IN (1..2, 9)")
        #expect(records.map { $0["id"] } == [.int(1), .int(2), .int(9)])
        // prune acts on the answer: exactly three datasets go.
        let refs = try butler.registry.queryDatasets("raw", collections: ["r"], where: "exposure IN (1..2, 9) AND detector = 1")
        try butler.pruneDatasets(refs)
        #expect(try butler.registry.queryDatasets("raw", collections: ["r"]).count == 27)
    }

    // Defect 2: OVERLAPS with a timespan literal bound its two times swapped; a time point failed.
    @Test(arguments: RegistryEngine.available) func overlapsTimespansAndTimePoints(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        // Exposure 3 is [00:05:00, 00:05:50) TAI, exposure 4 [00:06:40, 00:07:30).
        let window = "(T'2026-01-01T00:05:10/tai', T'2026-01-01T00:06:45/tai')"
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS \(window)") == [3, 4])
        #expect(try Self.exposures(butler, "\(window) OVERLAPS exposure.timespan") == [3, 4])
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS T'2026-01-01T00:05:49/tai'") == [3])
        #expect(try Self.exposures(butler, "T'2026-01-01T00:05:50/tai' OVERLAPS exposure.timespan").isEmpty)
        // Equal ends make a 1 ns timespan, a begin after the end the empty one, NULL an unbounded end.
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS (T'2026-01-01T00:05:00/tai', T'2026-01-01T00:05:00/tai')") == [3])
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS (T'2026-01-01T00:09:00/tai', T'2026-01-01T00:05:00/tai')").isEmpty)
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS (T'2026-01-01T00:15:00/tai', NULL)") == [9, 10])
        #expect(try Self.exposures(butler, "exposure.timespan.begin < T'2026-01-01T00:03:00/tai'") == [1])
    }

    // Defect 3: times outside the 64-bit range trapped; daf_butler clamps to 1970 … 2100 and refuses nan and inf.
    @Test(arguments: RegistryEngine.available) func timeLiteralsAreClampedOrRefused(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        // Nanoseconds as daf_butler 30.2026.4300 converts them (TimeConverter.astropy_to_nsec), leap seconds included.
        let converted: [String: Int64] = [
            "2025-04-01T00:06:40/tai": 1_743_466_000_000_000_000, "2025-04-01 00:00:00": 1_743_465_637_000_000_000,
            "61041.25": 1_767_247_200_000_000_000, "unix/1767225600.0": 1_767_225_637_000_000_000,
            "2016-06-01 00:00:00": 1_464_739_236_000_000_000, "1980-03-01 00:00:00": 320_716_819_000_000_000,
        ]
        for (text, nanoseconds) in converted { #expect(try TimeLiteral.parse(text) == nanoseconds, "\(text)") }
        #expect(try TimeLiteral.parse("3000-01-01T00:00:00") == TimeLiteral.maximum)
        #expect(try TimeLiteral.parse("1000-01-01T00:00:00") == TimeLiteral.minimum)
        #expect(try TimeLiteral.parse("mjd/99999999999999.0/tai") == TimeLiteral.maximum)
        #expect(try TimeLiteral.parse("unix/-100000000000.0") == TimeLiteral.minimum)
        #expect(try Self.exposures(butler, "exposure.timespan.begin < T'3000-01-01T00:00:00'").count == 10)
        #expect(try Self.exposures(butler, "exposure.timespan OVERLAPS (T'1500-01-01', T'9999-12-31')").count == 10)
        for literal in ["nan", "inf", "-inf", "60000", "mjd/nan", "2025-02-30", "2025-01-01T24:00:00", "1e400", "unix/1.7e9"] {
            #expect(Self.rejection(butler, "exposure.timespan.begin < T'\(literal)'") == 27, "T'\(literal)'")
        }
        // A validity range ending after 2100 ends at daf_butler's maximum time.
        let validity = try Timespan(parsingBegin: "2025-01-01T00:00:00", end: "3000-01-01T00:00:00")
        #expect(validity.end == TimeLiteral.maximum)
    }

    // Defect 4: deep nesting crashed the process; long chains overflowed SQLite's parser.
    @Test(arguments: RegistryEngine.available) func deepNestingIsRefusedAndLongChainsWork(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        #expect(Self.rejection(butler, String(repeating: "(", count: 8000) + "detector = 1" + String(repeating: ")", count: 8000)) == 101)
        #expect(try Self.exposures(butler, String(repeating: "NOT ", count: 20000) + "exposure = 1") == [1])
        #expect(try Self.exposures(butler, String(repeating: "NOT ", count: 20001) + "exposure = 1") == Array(2...10))
        #expect(try Self.exposures(butler, "exposure = " + String(repeating: "+", count: 120_000) + "1") == [1])
        #expect(try Self.exposures(butler, "exposure = " + String(repeating: "-", count: 120_000) + "1") == [1])
        let ors = (1...5000).map { "exposure = \($0 % 7 + 100)" }.joined(separator: " OR ") + " OR exposure = 3"
        #expect(try Self.exposures(butler, ors) == [3])
        let ands = (1...3000).map { _ in "detector = 2" }.joined(separator: " AND ")
        #expect(try Self.found(butler, ands).count == 10)
        let nots = String(repeating: "NOT (exposure = 1 OR ", count: 50) + "exposure = 2" + String(repeating: ")", count: 50)
        #expect(Self.rejection(butler, nots) != nil || (try? Self.exposures(butler, nots)) != nil)
        let sums = "exposure = 1" + String(repeating: " + 0", count: 5000)
        #expect(Self.rejection(butler, sums) != nil)
        let list = "exposure IN (" + (1...40000).map(String.init).joined(separator: ", ") + ")"
        #expect(try Self.exposures(butler, list).count == 10)
    }

    // Defect 5: implied dimensions (band through physical_filter) are usable.
    @Test(arguments: RegistryEngine.available) func impliedDimensionsResolve(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        #expect(try Self.exposures(butler, "instrument = 'X' AND band = 'b1'") == [1, 3, 5, 7, 9])
        #expect(try Self.exposures(butler, "physical_filter = 'f2' AND day_obs = 20260101") == [2, 4, 6, 8, 10])
        #expect(try Self.exposures(butler, "exposure.physical_filter = 'f2' AND band = 'b2' AND group = 'g1'") == [2, 4, 6, 8, 10])
    }

    // Defect 6: `/` divides exactly.
    @Test(arguments: RegistryEngine.available) func divisionIsExact(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        #expect(try Self.exposures(butler, "exposure / 2 = 1") == [2])
        #expect(try Self.exposures(butler, "exposure / 2 = 0.5") == [1])
        #expect(try Self.exposures(butler, "exposure / 0 = 1").isEmpty)
        #expect(try Self.exposures(butler, "exposure % 4 = 1") == [1, 5, 9])
        #expect(try Self.exposures(butler, "exposure_time / 4.0 = 2.5") == [1])
    }

    // Defect 7: types are checked and ranges validated as daf_butler does.
    @Test(arguments: RegistryEngine.available) func typesAndRangesAreChecked(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder, engine)
        let refused = [
            "detector = '1'", "instrument='X' AND detector AND exposure_time", "exposure = 1 = 1", "(1, 2) OVERLAPS (3, 4)",
            "exposure IN (5..1)", "exposure_time + 1 > 3", "exposure_time % 2.0 = 0", "-'a' = 'b'", "detector IN ('1')",
            "exposure.timespan < T'2026-01-01T00:00:00'", "exposure.obs_id IN (1..3)", "exposure IN (1 + 1)",
            "GLOB(detector, '1*')", "raw.dataset_id = 'abc'", "exposure", "NOT exposure",
        ]
        for expression in refused {
            #expect(Self.rejection(butler, expression) != nil, "\(expression) should be refused")
        }
        #expect(try Self.exposures(butler, "exposure IN (-1..5)") == [1, 2, 3, 4, 5])
        #expect(try Self.exposures(butler, "exposure IN (5..4)").isEmpty)
        #expect(try Self.exposures(butler, "-1 < exposure AND exposure < 3") == [1, 2])
        #expect(try Self.exposures(butler, "exposure_time > 85") == [9, 10])
        #expect(try Self.exposures(butler, "exposure = 2.0") == [2])
        #expect(try Self.exposures(butler, "exposure IN (-5..5:2)") == [1, 3, 5])
        #expect(try Self.exposures(butler, "exposure IN (dets)", bind: ["dets": .list([.int(3), .int(4)])]) == [3, 4])
        #expect(errorMessage { try Self.exposures(butler, "exposure IN (dets)", bind: ["dets": .list([.string("3")])]) } == "invalid where-expression at column 14 (near 'dets)'): the bound list holds string values, not int")
        #expect(try Self.exposures(butler, "GLOB(exposure.obs_id, 'e1*')") == [1, 10])
    }
}

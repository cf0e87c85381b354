import Butler
import ButlerPlugin
import SciCLI
import Foundation
import SciCore
import Testing
import TestSupport

/// `sci butler` as users run it: the built executable, in processes of its own.
@Suite struct ButlerCommandTests {
    static let dimensions = """
        version: 1
        namespace: spherex
        elements:
          instrument: {keys: [{name: name, type: string, length: 32}], governor: true}
          detector:
            keys: [{name: id, type: int}, {name: full_name, type: string, length: 32}]
            requires: [instrument]
          observation:
            keys: [{name: id, type: int}, {name: obs_name, type: string, length: 64}]
            requires: [instrument]
            metadata: [{name: exposure_time, type: float}]
        topology: {temporal: {observation_timespans: [observation]}}
        """
    static let seed = """
        datastore:
          templates:
            default: "{run:/}/{datasetType}/{observation:?}/{datasetType}_{instrument:?}_{observation:?}_{detector:?}_{run}"
        """

    /// A repository with the SPHEREx universe and a registered text dataset type, plus a folder of `count` files
    /// per `prefix`, named `<prefix>_<observation>_<detector>.txt`.
    static func setUp(_ folder: TemporaryDirectory, files: [(prefix: String, observations: ClosedRange<Int>)]) throws -> String {
        let repo = folder.file("repo")
        try sci(["butler", "create", repo, "--seed-config", try folder.writeFile("seed.yaml", seed),
                 "--dimension-config", try folder.writeFile("dims.yaml", dimensions)])
        try sci(["butler", "register-dataset-type", repo, "spx_image", "Text", "instrument", "observation", "detector"])
        for (prefix, observations) in files {
            try FileManager.default.createDirectory(atPath: folder.file(prefix), withIntermediateDirectories: true)
            for observation in observations {
                for detector in 1...2 {
                    try folder.writeFile("\(prefix)/\(prefix)_\(observation)_\(detector).txt", "\(prefix) \(observation) \(detector)\n")
                }
            }
        }
        return repo
    }

    @discardableResult
    static func sci(_ arguments: [String], status: Int32 = 0) throws -> SciProcess.Result {
        let result = try SciProcess.run(arguments)
        #expect(result.status == status, "sci \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    static func ingestArguments(_ repo: String, _ folder: String, run: String, transfer: String = "copy") -> [String] {
        ["butler", "ingest", repo, folder, "--type", "spx_image", "--run", run, "--data-id", "instrument=SPHEREx",
         "--regex", #"_(?<observation>\d+)_(?<detector>\d+)\.txt"#, "-t", transfer, "--create-records", "--format", "jsonl"]
    }

    /// Every registry row has its file and every file under the RUN folders has a row: nothing half-ingested.
    static func expectConsistent(_ repo: String) throws {
        let butler = try Butler(root: repo)
        let runs = try butler.registry.collections(types: [.run]).map(\.name)
        var recorded = Set<String>()
        for ref in try butler.registry.queryDatasets("spx_image", collections: runs, findFirst: false) {
            let path = try butler.path(of: ref)
            #expect(FileManager.default.fileExists(atPath: path), "missing file \(path)")
            recorded.insert(path)
        }
        var orphans: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: butler.root)
        while let relative = enumerator?.nextObject() as? String {
            let path = butler.root + "/" + relative
            var isFolder: ObjCBool = false
            guard relative.hasPrefix("run"), FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            if !recorded.contains(path) { orphans.append(relative) }
        }
        #expect(orphans.isEmpty, "files without a registry row: \(orphans.prefix(5))")
    }

    @Test func pocStoryThroughTheCommandLine() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [("raw", 1...3), ("dark", 1...3)])
        let ingested = try Self.sci(Self.ingestArguments(repo, folder.file("raw"), run: "rawexpr"))
        #expect(ingested.stdout.split(separator: "\n").count == 6)
        try Self.sci(Self.ingestArguments(repo, folder.file("dark"), run: "darkr", transfer: "symlink"))

        // The same data IDs again: refused, and nothing changes; with --skip-existing nothing is added.
        let again = try Self.sci(Self.ingestArguments(repo, folder.file("raw"), run: "rawexpr"), status: 1)
        #expect(again.stderr.contains("already exists in RUN 'rawexpr'"))
        let skipped = try Self.sci(Self.ingestArguments(repo, folder.file("raw"), run: "rawexpr") + ["--skip-existing"])
        #expect(skipped.stdout.isEmpty)

        // A table of files, deterministic ids, a chain in front.
        try folder.writeFile("table.csv", "file,observation,detector\nraw/raw_2_1.txt,2,1\n")
        let table = try Self.sci([
            "butler", "ingest-files", repo, "spx_image", "rawexpr2", folder.file("table.csv"), "--data-id", "instrument=SPHEREx",
            "--id-generation-mode", "dataid_type_run", "--create-records", "--format", "csv",
        ])
        let expected = DatasetIdFactory.uuid5(name: "dataset_type=spx_image,run=rawexpr2,detector=1,instrument=SPHEREx,observation=2")
        #expect(table.stdout.contains(expected.uuidString.lowercased()))
        try Self.sci(["butler", "collection-chain", repo, "spx/defaults", "rawexpr2", "rawexpr"])
        let chains = try Self.sci(["butler", "query-collections", repo, "spx/defaults", "--flatten", "--format", "csv"])
        #expect(chains.stdout == "name,type\nrawexpr2,RUN\nrawexpr,RUN\n")

        let query = try Self.sci([
            "butler", "query-datasets", repo, "spx_image", "--collections", "spx/defaults",
            "--where", "instrument='SPHEREx' AND detector = 1", "--format", "jsonl", "--find-first",
        ])
        let rows = try query.stdout.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
        #expect(rows.count == 3)
        #expect(rows.compactMap { $0["run"]?.stringValue } == ["rawexpr2", "rawexpr", "rawexpr"])
        // As in daf_butler, every match in the chain is listed unless --find-first is given.
        let all = try Self.sci([
            "butler", "query-datasets", repo, "spx_image", "--collections", "spx/defaults",
            "--where", "instrument='SPHEREx' AND detector = 1", "--format", "jsonl",
        ])
        #expect(all.stdout.split(separator: "\n").count == 4)

        let bad = try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "rawexpr", "--where", "detector <> 1"], status: 2)
        #expect(bad.stderr.contains("column 10"))

        let dataIds = try Self.sci([
            "butler", "query-data-ids", repo, "observation", "detector", "--datasets", "spx_image", "--collections", "darkr",
            "--format", "csv",
        ])
        #expect(dataIds.stdout.split(separator: "\n").count == 7)
        // Deleting by a where-clause: IN lists mixing ranges and values mean what they say (issue 18, defect 1), and
        // --dry-run lists what would go without deleting anything.
        let prune = ["butler", "prune-datasets", repo, "spx_image", "--collections", "darkr", "--where",
                     "instrument='SPHEREx' AND observation IN (1..1, 3) AND detector = 1", "--format", "csv"]
        let dry = try Self.sci(prune + ["--dry-run"])
        #expect(dry.stdout.split(separator: "\n").count == 3)
        #expect(dry.stdout.contains("would be removed"))
        #expect(try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "darkr", "--format", "csv"])
            .stdout.split(separator: "\n").count == 7)
        // Standard input is not a terminal here, so nobody is asked (as daf_butler's --no-confirm).
        let pruned = try Self.sci(prune + ["--yes"])
        #expect(pruned.stdout.split(separator: "\n").count == 3)
        #expect(try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "darkr", "--format", "csv"])
            .stdout.split(separator: "\n").count == 5)
        // A where-clause starting with a minus is a value, not an option.
        let minus = try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "darkr", "--where",
                                  "-1 < detector", "--format", "csv"])
        #expect(minus.stdout.split(separator: "\n").count == 5)

        try Self.sci(["butler", "remove-runs", repo, "rawexpr2"], status: 1)
        try Self.sci(["butler", "remove-runs", repo, "rawexpr2", "--dry-run"], status: 1)
        let wouldRemove = try Self.sci(["butler", "remove-runs", repo, "rawexpr2", "--force", "--dry-run", "--format", "csv"])
        #expect(wouldRemove.stdout == "run,datasets,status\nrawexpr2,1,would be removed\n")
        #expect(try Self.sci(["butler", "query-collections", repo, "--format", "csv"]).stdout.contains("rawexpr2"))
        try Self.sci(["butler", "remove-runs", repo, "rawexpr2", "--force"])
        try Self.expectConsistent(repo)
    }

    /// A quoted field may hold a line break (RFC 4180): the table was once split into lines before its quotes were
    /// read, so such a row broke in two and `ingest-files` refused the table.
    @Test func ingestFilesReadsAQuotedLineBreak() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [])
        let odd = try folder.writeFile("two\nlines, odd.txt", "odd\n")
        let table = try folder.writeFile("table.csv", "file,observation,detector\n\"\(odd)\",7,1\n\"\(folder.file("plain.txt"))\",7,2\n")
        _ = try folder.writeFile("plain.txt", "plain\n")
        let ingested = try Self.sci([
            "butler", "ingest-files", repo, "spx_image", "run1", table, "--data-id", "instrument=SPHEREx", "-t", "copy",
            "--create-records", "--format", "jsonl",
        ])
        let rows = try ingested.stdout.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
        #expect(rows.map { $0["detector"] } == [.int(1), .int(2)])
        let butler = try Butler(root: repo)
        let refs = try butler.registry.queryDatasets("spx_image", collections: ["run1"])
        #expect(refs.count == 2)
        let stored = try refs.map { try String(contentsOfFile: try butler.path(of: $0), encoding: .utf8) }
        #expect(Set(stored) == ["odd\n", "plain\n"])
    }

    @Test func everyCommandDeclaresItsGlobalOptions() {
        #expect(ButlerPlugin.commandsWithoutGlobalOptions == [])
        #expect(IngestSimulatedPlugin.commandsWithoutGlobalOptions == [])
        #expect(IngestSimulatedPlugin.extends == ButlerPlugin.name)
    }

    @Test func twoProcessesIngestingAtOnceLoseNothing() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [("a", 1...150), ("b", 151...300)])
        let first = try SciProcess.start(Self.ingestArguments(repo, folder.file("a"), run: "run1"))
        let second = try SciProcess.start(Self.ingestArguments(repo, folder.file("b"), run: "run1"))
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.terminationStatus == 0)
        let butler = try Butler(root: repo)
        #expect(try butler.registry.queryDatasets("spx_image", collections: ["run1"]).count == 600)
        try Self.expectConsistent(repo)
    }

    @Test func aKilledIngestLeavesRegistryAndDatastoreConsistent() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [("big", 1...1500)])
        let ingest = try SciProcess.start(Self.ingestArguments(repo, folder.file("big"), run: "run1"))
        // Killed as soon as it has started placing files (its RUN folder appears), with thousands still to go: not
        // after a fixed pause, which on a fast machine landed after the work was done.
        let runFolder = repo + "/run1"
        let deadline = ContinuousClock.now + .seconds(120)
        while ingest.isRunning, !FileManager.default.fileExists(atPath: runFolder), ContinuousClock.now < deadline { usleep(1_000) }
        #expect(ingest.isRunning, "the ingest ended before it placed a file: \(ingest.terminationStatus)")
        kill(ingest.processIdentifier, SIGKILL)
        ingest.waitUntilExit()
        try Self.expectConsistent(repo)
        // The repository still works: the same ingest runs to the end.
        try Self.sci(Self.ingestArguments(repo, folder.file("big"), run: "run1") + ["--skip-existing"])
        #expect(try Butler(root: repo).registry.queryDatasets("spx_image", collections: ["run1"]).count == 3000)
        try Self.expectConsistent(repo)
    }

    @Test func certifyCalibrationsFromTheCommandLine() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [("dark", 1...1)])
        try Self.sci(["butler", "register-dataset-type", repo, "dark", "Text", "instrument", "detector", "--is-calibration"])
        let table = try folder.writeFile("darks.csv", "file,detector\n\(folder.file("dark/dark_1_1.txt")),1\n\(folder.file("dark/dark_1_2.txt")),2\n")
        try Self.sci(["butler", "ingest-files", repo, "dark", "darkr", table, "--data-id", "instrument=SPHEREx", "-t", "copy", "--create-records"])
        let certified = try Self.sci([
            "butler", "certify-calibrations", repo, "darkr", "calib", "dark", "--begin-date", "2025-04-01T00:00:00",
            "--format", "jsonl",
        ]).stdout.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
        #expect(certified.map { $0["detector"] } == [.int(1), .int(2)])
        #expect(certified.allSatisfy { $0["end"] == .null && $0["begin"]?.intValue != nil })
        // The same range again overlaps itself: refused, with the reason.
        let again = try Self.sci(["butler", "certify-calibrations", repo, "darkr", "calib", "dark", "--begin-date", "2025-05-01T00:00:00"], status: 1)
        #expect(again.stderr.contains("overlaps"))
        let collections = try Self.sci(["butler", "query-collections", repo, "--format", "jsonl"]).stdout
        #expect(collections.contains(#""calib""#) && collections.contains("CALIBRATION"))
    }
    static func lines(_ result: SciProcess.Result) -> [String] { result.stdout.split(separator: "\n").map(String.init) }

    @Test func tagsCalibrationLookupOrderingAndChainViews() throws {
        let folder = try TemporaryDirectory()
        let repo = try Self.setUp(folder, files: [("raw", 1...3), ("dark", 1...1)])
        try Self.sci(Self.ingestArguments(repo, folder.file("raw"), run: "r1"))

        // --order-by takes daf_butler's -field for descending, comma-separated or repeated; --limit caps.
        let ordered = try Self.sci([
            "butler", "query-datasets", repo, "spx_image", "--collections", "r1", "--order-by", "-observation,detector",
            "--limit", "3", "--format", "csv",
        ])
        #expect(Self.lines(ordered).map { $0.split(separator: ",").suffix(2).joined(separator: "/") } == [
            "detector/observation", "1/3", "2/3", "1/2",
        ])
        let records = try Self.sci([
            "butler", "query-dimension-records", repo, "observation", "--order-by", "-observation", "--format", "jsonl",
        ])
        #expect(records.stdout.split(separator: "\n").first?.contains(#""id":3"#) == true)
        let ids = try Self.sci(["butler", "query-data-ids", repo, "detector", "--order-by", "-detector", "--format", "csv"])
        #expect(Self.lines(ids).dropFirst().map { $0.split(separator: ",").last.map(String.init) } == ["2", "1"])
        let wrong = try Self.sci(
            ["butler", "query-datasets", repo, "spx_image", "--collections", "r1", "--order-by", "nothing"], status: 1)
        #expect(wrong.stderr.contains("cannot order by 'nothing'"))

        // associate makes a TAGGED collection; disassociate takes datasets out again.
        try Self.sci([
            "butler", "associate", repo, "best", "-d", "spx_image", "--collections", "r1", "--where", "detector = 1",
        ])
        let tagged = try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "best", "--format", "jsonl"])
        #expect(Self.lines(tagged).count == 3)
        try Self.sci([
            "butler", "disassociate", repo, "best", "-d", "spx_image", "--collections", "best", "--where", "observation = 2",
        ])
        #expect(Self.lines(try Self.sci(["butler", "query-datasets", repo, "spx_image", "--collections", "best", "--format", "jsonl"])).count == 2)
        try Self.sci(["butler", "associate", repo, "r1", "-d", "spx_image", "--collections", "best"], status: 1)

        // Chains as daf_butler shows them.
        try Self.sci(["butler", "collection-chain", repo, "all", "best", "r1"])
        try Self.sci(["butler", "collection-chain", repo, "outer", "all"])
        let tree = try Self.sci(["butler", "query-collections", repo, "outer", "--chains", "TREE", "--format", "csv"])
        #expect(tree.stdout == "name,type\nouter,CHAINED\n  all,CHAINED\n    best,TAGGED\n    r1,RUN\n")
        let inverse = try Self.sci(["butler", "query-collections", repo, "r1", "--chains", "inverse-tree", "--format", "csv"])
        #expect(inverse.stdout == "name,type\nr1,RUN\n  all,CHAINED\n    outer,CHAINED\n")
        let flat = try Self.sci(["butler", "query-collections", repo, "outer", "--chains", "flatten", "--format", "csv"])
        #expect(flat.stdout == "name,type\nbest,TAGGED\nr1,RUN\n")
        let table = try Self.sci(["butler", "query-collections", repo, "all", "--chains", "table", "--format", "csv"])
        #expect(table.stdout == "name,type,children\nall,CHAINED,best\n,,r1\n")

        // Calibrations: certify, find by time, decertify part of the range.
        try Self.sci(["butler", "register-dataset-type", repo, "dark", "Text", "instrument", "detector", "--is-calibration"])
        let darks = try folder.writeFile("darks.csv", "file,detector\n\(folder.file("dark/dark_1_1.txt")),1\n\(folder.file("dark/dark_1_2.txt")),2\n")
        try Self.sci(["butler", "ingest-files", repo, "dark", "darkr", darks, "--data-id", "instrument=SPHEREx", "-t", "copy", "--create-records"])
        try Self.sci(["butler", "certify-calibrations", repo, "darkr", "calib", "dark", "--begin-date", "2025-04-01T00:00:00"])
        let find = ["butler", "find-calibration", repo, "dark", "--collections", "calib", "--data-id", "instrument=SPHEREx,detector=2"]
        let found = try Self.sci(find + ["--time", "2025-06-01T00:00:00", "--show-uri", "--format", "jsonl"])
        #expect(found.stdout.contains(#""run":"darkr""#) && found.stdout.contains(#""detector":2"#) && found.stdout.contains("file://"))
        try Self.sci(find + ["--time", "2025-03-01T00:00:00"], status: 1)
        let decertified = try Self.sci([
            "butler", "decertify", repo, "calib", "dark", "--begin-date", "2025-05-01T00:00:00", "--end-date", "2025-07-01T00:00:00",
            "--data-id", "instrument=SPHEREx,detector=2", "--format", "jsonl",
        ])
        #expect(decertified.stdout.contains(#""changed":1"#))
        try Self.sci(find + ["--time", "2025-06-01T00:00:00"], status: 1)
        try Self.sci(find + ["--time", "2025-08-01T00:00:00"])
        try Self.sci(find + ["--time", "2025-04-15T00:00:00"])
    }

    /// The POC's `butler ingest-simulated`: raws by the POC's own file filter (darks beside them left alone), then
    /// darks by theirs, with the instrument, detector and exposure records the POC syncs (`{exposure.group_name}`).
    @Test func ingestSimulatedAsThePOC() throws {
        let folder = try TemporaryDirectory()
        let dimensions = """
            version: 0
            namespace: spherex_poc
            elements:
              instrument:
                keys: [{name: name, type: string, length: 16}]
                metadata: [{name: exposure_max, type: int}, {name: detector_max, type: int}, {name: class_name, type: string, length: 64}]
                governor: true
              detector:
                keys: [{name: id, type: int}, {name: full_name, type: string, length: 32}]
                requires: [instrument]
              exposure:
                keys: [{name: id, type: int}, {name: name, type: string, length: 64}]
                requires: [instrument]
                metadata: [{name: group_name, type: string, length: 64}]
            topology: {temporal: {observation_timespans: [exposure]}}
            """
        let seed = """
            datastore:
              templates:
                default: "{run:/}/{datasetType}/{exposure.group_name:?}/{datasetType}_{instrument}_{exposure:?}_{detector:?}_{run}"
            """
        let repo = folder.file("repo")
        try Self.sci(["butler", "create", repo, "--seed-config", try folder.writeFile("seed.yaml", seed),
                      "--dimension-config", try folder.writeFile("dims.yaml", dimensions)])
        try FileManager.default.createDirectory(atPath: folder.file("sim"), withIntermediateDirectories: true)
        for name in ["sim_exposure_000000_array_1.fits", "sim_exposure_000000_array_2.fits", "sim_exposure_000007_array_1.fits",
                     "sim_exposure_000000_array_1_dark_current.fits", "notes.txt"] {
            try folder.writeFile("sim/\(name)", name)
        }
        let raws = try Self.sci(["butler", "ingest-simulated", repo, folder.file("sim"), "--format", "jsonl"])
        #expect(raws.stdout.split(separator: "\n").count == 3, "\(raws.stdout)")
        let darks = try Self.sci(["butler", "ingest-simulated", "--regex", "dark_current.fits", "--ingest-type", "dark", repo,
                                  folder.file("sim"), "--format", "jsonl"])
        #expect(darks.stdout.split(separator: "\n").count == 1 && darks.stdout.contains("\"darkr\""), "\(darks.stdout)")

        let instrument = try Self.sci(["butler", "query-dimension-records", repo, "instrument", "--format", "jsonl"]).stdout
        #expect(instrument.contains("\"exposure_max\":600000") && instrument.contains("spherex.instrument.SimulatorInstrument"), "\(instrument)")
        let exposures = try Self.sci(["butler", "query-dimension-records", repo, "exposure", "--format", "jsonl"]).stdout
        let day = IngestDay.today()
        #expect(exposures.contains("\"name\":\"000007\"") && exposures.contains("\"group_name\":\"\(day)\""), "\(exposures)")
        // The POC's group folders appear in the datastore.
        #expect(FileManager.default.fileExists(atPath: "\(repo)/rawexpr/rawexp/\(day)/rawexp_simulator_7_1_rawexpr.fits"))
    }
}

/// The ingest date as the POC's `date.today().strftime("%Y%m%d")` writes it.
enum IngestDay {
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: Date())
    }
}

import Butler
import ButlerPipelines
import Foundation
import SciCore
import SciFITS
import Synchronization
import Testing

/// Running graphs: outputs, their headers, the output collections, provenance, failures and resuming.
@Suite struct PipelineExecutionTests {
    static func options(_ output: String = "subtractr", inputs: [String] = ["rawexpr", "darkr"], skipExisting: Bool = false) -> PipelineRunner.Options {
        PipelineRunner.Options(inputs: inputs, output: output, skipExisting: skipExisting)
    }

    @Test func subtractsAndCopiesTheFirstInputsHeader() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        let plan = try runner.prepare(Self.options())
        #expect(!plan.resumed)
        #expect(plan.graph.outputRun.hasPrefix("subtractr/"))
        let report = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 2))
        #expect(report.finished.count == 6)
        #expect(report.failed.isEmpty)
        for exposure in 1...3 {
            for detector in 1...2 {
                let (pixels, header, type) = try repository.image("postDark", exposure: exposure, detector: detector, collections: ["subtractr"])
                #expect(type == .float32)
                #expect(pixels.pixels.indices.allSatisfy {
                    pixels.pixels[$0] == PipelineRepository.raw(exposure, detector, $0) - PipelineRepository.dark(exposure, detector, $0)
                })
                // The WCS is the raw's (each exposure has its own), not the dark's.
                #expect(header["CRVAL1"] == .double(150 + Double(exposure) * 0.01))
                #expect(header["CTYPE1"] == .string("RA---TAN"))
                #expect(header.comments.contains("Dark current subtracted"))
            }
        }
        let chain = try repository.butler.registry.collection("subtractr")
        #expect(chain.type == .chained)
        #expect(chain.children == [plan.graph.outputRun, "rawexpr", "darkr"])
    }

    @Test func provenanceSaysWhichInputsMadeEachOutput() throws {
        let repository = try PipelineRepository(exposures: 1, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        let plan = try runner.prepare(Self.options())
        _ = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        let quantum = plan.graph.quanta[0]
        guard case .structured(let record) = try repository.butler.get("subtract_metadata", dataId: quantum.dataId, collections: ["subtractr"]) else {
            Issue.record("the provenance is not structured data")
            return
        }
        let inputs = Self.items(record["inputs"])
        let ids = Set(inputs.compactMap { $0["id"]?.stringValue })
        let expected = Set(quantum.inputs.values.joined().map { $0.id.uuidString.lowercased() })
        #expect(ids == expected)
        #expect(Self.items(record["outputs"]).first?["id"]?.stringValue == quantum.outputs["outputImage"]?.first?.id.uuidString.lowercased())
        #expect(record["class"]?.stringValue == "spherex.tasks.SubtractTask")
    }

    static func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items) = value { return items }
        return []
    }

    @Test func aTwoTaskPipelineRunsInOrder() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured(QuantumGraphBuilderTests.twoTasks))
        let report = try runner.execute(try runner.prepare(Self.options()), registerDatasetTypes: true, executor: LocalExecutor(jobs: 2))
        #expect(report.finished.count == 12)
        let (pixels, _, _) = try repository.image("postDark2", exposure: 2, detector: 2, collections: ["subtractr"])
        #expect(pixels.pixels.indices.allSatisfy {
            pixels.pixels[$0] == (PipelineRepository.raw(2, 2, $0) - PipelineRepository.dark(2, 2, $0)) - PipelineRepository.dark(2, 2, $0)
        })
    }

    @Test func outputTypesMustBeRegisteredOrAskedFor() throws {
        let repository = try PipelineRepository(exposures: 1, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        let plan = try runner.prepare(Self.options())
        let error = try #require(throws: PipelineError.self) {
            try runner.execute(plan, registerDatasetTypes: false, executor: LocalExecutor(jobs: 1))
        }
        #expect(SciError.from(error).hint?.contains("--register-dataset-types") == true)
        // Refused before anything was made.
        #expect((try? repository.butler.registry.collection("subtractr")) == nil)
        // A registered type of another definition is refused too.
        try repository.butler.registry.registerDatasetType(DatasetType(name: "postDark", dimensions: ["instrument", "detector"], storageClass: "SPHERExImage"))
        #expect(throws: ButlerError.self) { try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1)) }
    }

    @Test func aFailedQuantumFailsAloneAndTheSameCommandResumes() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let registry = TaskRegistry()
        registry.register(FlakyTask.self)
        let marker = try repository.folder.writeFile("bad-exposure", "")
        let pipeline = try repository.configured(
            "tasks:\n  copy: {class: tests.FlakyTask, config: {failMarker: '\(marker)', failExposure: 2}}\n", registry: registry)
        let runner = PipelineRunner(butler: repository.butler, pipeline: pipeline)
        let first = try runner.prepare(Self.options("copies", inputs: ["rawexpr"]))
        let report = try runner.execute(first, registerDatasetTypes: true, executor: LocalExecutor(jobs: 2))
        #expect(report.finished.count == 4)
        #expect(report.failed.count == 2)
        #expect(report.failed.values.allSatisfy { $0.contains("exposure 2 is bad") })

        // Fixed, the same command resumes the same RUN and runs only the two quanta that failed.
        unlink(marker)
        let again = try runner.prepare(Self.options("copies", inputs: ["rawexpr"]))
        #expect(again.resumed)
        #expect(again.graph.outputRun == first.graph.outputRun)
        #expect(again.pending.count == 2)
        let second = try runner.execute(again, registerDatasetTypes: false, executor: LocalExecutor(jobs: 2))
        #expect(second.finished.count == 2)
        #expect(try repository.butler.registry.queryDatasets("copied", collections: [first.graph.outputRun]).count == 6)
        // Finished, the next run is a new RUN at the head of the chain.
        let third = try runner.prepare(Self.options("copies", inputs: ["rawexpr"]))
        #expect(!third.resumed)
        #expect(third.graph.outputRun != first.graph.outputRun)
    }

    @Test func anOutputThatCannotBeWrittenFailsItsQuantumAlone() throws {
        // The images are written while the next quantum runs: a write that fails (here on the writer's thread, after
        // the task returned) still fails its own quantum, with the writer's message, and leaves nothing staged or
        // committed for it.
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let registry = TaskRegistry()
        registry.register(FlakyTask.self)
        let pipeline = try repository.configured("tasks:\n  copy: {class: tests.FlakyTask, config: {unwritableExposure: 3}}\n", registry: registry)
        let runner = PipelineRunner(butler: repository.butler, pipeline: pipeline)
        for jobs in [1, 2] {
            let plan = try runner.prepare(Self.options("copies\(jobs)", inputs: ["rawexpr"]))
            // A slow observer: every failure is still reported before execute returns.
            let observed = Mutex(0)
            let report = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: jobs)) { event in
                guard case .failed = event else { return }
                Thread.sleep(forTimeInterval: 0.1)
                observed.withLock { $0 += 1 }
            }
            #expect(observed.withLock { $0 } == 2)
            #expect(report.finished.count == 4)
            #expect(report.failed.count == 2)
            #expect(report.failed.values.allSatisfy { $0.contains("BADVALUE is nan, which FITS headers cannot hold") }, "\(report.failed)")
            let copied = try repository.butler.registry.queryDatasets("copied", collections: [plan.graph.outputRun])
            #expect(Set(copied.compactMap { $0.dataId["exposure"] }) == [.int(1), .int(2)])
            // No file of the failed quanta reached the datastore, and none is left in the repository outside it.
            let files = FileManager.default.enumerator(atPath: repository.butler.root)?.compactMap { $0 as? String } ?? []
            #expect(files.filter { $0.hasPrefix(plan.graph.outputRun + "/copied/") && $0.hasSuffix(".fits") }.count == 4)
            #expect(files.filter { $0.hasPrefix(".sci-pipelines/staging/") && !$0.hasSuffix("/") }.allSatisfy { !$0.contains(".fits") })
        }
    }

    @Test func resumingAfterAKillBetweenOutputsAndProvenance() throws {
        // A kill after a quantum's outputs were committed and before its provenance leaves the outputs alone in the
        // RUN: resuming removes them and runs that quantum again, and leaves finished quanta alone.
        let repository = try PipelineRepository(exposures: 2, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        let plan = try runner.prepare(Self.options())
        let all = plan.pending
        var partial = plan
        partial.pending = [0]
        _ = try runner.execute(partial, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        let finishedBefore = try repository.butler.find("subtract_metadata", dataId: plan.graph.quanta[0].dataId, collections: [plan.graph.outputRun])
        // The leftover: quantum 1's output, committed without its provenance.
        let leftover = plan.graph.quanta[1]
        let staged = try repository.folder.writeFile("leftover.fits", "")
        unlink(staged)
        let image = try FITSFile.create(staged, overwrite: true)
        try image.appendImage(FITSImage<Float>(width: 8, height: 8, repeating: -1))
        try image.close()
        try repository.butler.ingest(
            [FileToIngest(path: staged, dataId: leftover.dataId)], datasetType: "postDark", run: plan.graph.outputRun, transfer: .copy,
            idGeneration: .dataIdTypeRun)

        let resumed = try runner.prepare(Self.options())
        #expect(resumed.resumed)
        #expect(resumed.pending == all.subtracting([0]))
        let report = try runner.execute(resumed, registerDatasetTypes: false, executor: LocalExecutor(jobs: 1))
        #expect(report.finished == [1])
        let (pixels, _, _) = try repository.image("postDark", exposure: 2, detector: 1, collections: [plan.graph.outputRun])
        #expect(pixels.pixels[0] == PipelineRepository.raw(2, 1, 0) - PipelineRepository.dark(2, 1, 0))
        // Quantum 0 was not redone: its provenance record is the same dataset.
        #expect(try repository.butler.find("subtract_metadata", dataId: plan.graph.quanta[0].dataId, collections: [plan.graph.outputRun]) == finishedBefore)
    }

    @Test func skipExistingLeavesFinishedQuantaOut() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 2)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured(QuantumGraphBuilderTests.twoTasks))
        // Only the first task's quanta for exposure 1 run first.
        var plan = try runner.prepare(Self.options())
        plan.pending = Set(plan.graph.quanta.filter { $0.task == "subtract" && $0.dataId["exposure"] == 1 }.map(\.id))
        var partialReport = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        #expect(partialReport.finished.count == 2)
        // Mark that RUN finished by running the rest there, so the next run starts a new RUN.
        var rest = plan
        rest.pending = Set(plan.graph.quanta.map(\.id)).subtracting(plan.pending)
        rest.resumed = true
        partialReport = try runner.execute(rest, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        #expect(partialReport.finished.count == 6)
        let skipping = try runner.prepare(Self.options(skipExisting: true))
        #expect(!skipping.resumed)
        #expect(skipping.graph.quanta.isEmpty)
    }

    @Test func anEmptyOutputNameOrWrongCollectionTypeIsRefused() throws {
        let repository = try PipelineRepository(exposures: 1, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        #expect(throws: ButlerError.self) { try runner.prepare(Self.options("rawexpr")) }
        #expect(throws: PipelineError.self) { try runner.prepare(Self.options("nothing", inputs: [])) }
        #expect(throws: ButlerError.self) { try runner.prepare(Self.options("out", inputs: ["no-such-collection"])) }
    }
}

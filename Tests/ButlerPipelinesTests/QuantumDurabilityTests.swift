import Butler
import ButlerPipelines
import Foundation
import SciCore
import SciFITS
import Testing

/// What a killed or synced run leaves: every output and provenance record is a complete file, written by the task's
/// thread, before the committer points a registry row at it.
@Suite struct QuantumDurabilityTests {
    @Test func aQuantumKilledBeforeItsCommitLeavesNothingCommittedAndRunsAgain() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        var plan = try runner.prepare(PipelineExecutionTests.options())
        let all = plan.pending
        plan.pending = []
        // Registers the types, makes the RUN and saves the graph, runs nothing.
        _ = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        // A task thread finishes quantum 0; the process dies before the committer gets to it.
        let staging = repository.folder.file("staging")
        let quantumRunner = try QuantumRunner(
            butler: repository.butler, graph: plan.graph, pipeline: try repository.configured(), staging: staging, resuming: false)
        let result = try quantumRunner.run(plan.graph.quanta[0])
        let staged = try FileManager.default.contentsOfDirectory(atPath: staging).sorted()
        #expect(staged == [plan.graph.quanta[0].metadata.id.uuidString + ".yaml", plan.graph.quanta[0].outputs["outputImage"]![0].id.uuidString + ".fits"].sorted())
        #expect(result.seconds >= 0)
        let record = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: staging + "/" + staged.first { $0.hasSuffix(".yaml") }!)))
        #expect(record["task"] == .string("subtract"))
        #expect(try repository.butler.registry.queryDatasets("postDark", collections: [plan.graph.outputRun]).isEmpty)

        let resumed = try runner.prepare(PipelineExecutionTests.options())
        #expect(resumed.resumed && resumed.pending == all)
        let report = try runner.execute(resumed, registerDatasetTypes: false, executor: LocalExecutor(jobs: 2))
        #expect(report.finished == all.sorted())
        #expect(try repository.butler.registry.queryDatasets("subtract_metadata", collections: [plan.graph.outputRun]).count == 2)
    }

    @Test func aFinishedQuantumWhoseOutputAPowerCutLostRunsAgain() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 1)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        var plan = try runner.prepare(PipelineExecutionTests.options())
        plan.pending = [0]
        _ = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 1))
        // What ext4 shows after a power cut before writeback: the committed file, empty.
        let output = try repository.butler.find("postDark", dataId: plan.graph.quanta[0].dataId, collections: [plan.graph.outputRun])
        #expect(truncate(try repository.butler.path(of: output), 0) == 0)

        let resumed = try runner.prepare(PipelineExecutionTests.options())
        #expect(resumed.resumed && resumed.pending == [0, 1])
        #expect(resumed.notes.contains { $0.contains("1 finished quanta have missing or cut-short files") })
        let report = try runner.execute(resumed, registerDatasetTypes: false, executor: LocalExecutor(jobs: 1))
        #expect(report.finished == [0, 1] && report.failed.isEmpty)
        let (pixels, _, _) = try repository.image("postDark", exposure: 1, detector: 1, collections: [plan.graph.outputRun])
        #expect(pixels.pixels[3] == PipelineRepository.raw(1, 1, 3) - PipelineRepository.dark(1, 1, 3))
        #expect(try repository.butler.registry.queryDatasets("subtract_metadata", collections: [plan.graph.outputRun]).count == 2)
        // Nothing is lost now: a third look finds the RUN finished.
        #expect(try !runner.prepare(PipelineExecutionTests.options()).resumed)
    }

    @Test func aSyncedRunGivesTheSameOutputsAndLeavesNoStagedFiles() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 2)
        let runner = PipelineRunner(butler: repository.butler, pipeline: try repository.configured())
        let plan = try runner.prepare(PipelineExecutionTests.options())
        let report = try runner.execute(plan, registerDatasetTypes: true, executor: LocalExecutor(jobs: 2), syncOutputs: true)
        #expect(report.finished.count == 4 && report.failed.isEmpty)
        for exposure in 1...2 {
            for detector in 1...2 {
                let (pixels, _, type) = try repository.image("postDark", exposure: exposure, detector: detector, collections: ["subtractr"])
                #expect(type == .float32)
                #expect(pixels.pixels.indices.allSatisfy {
                    pixels.pixels[$0] == PipelineRepository.raw(exposure, detector, $0) - PipelineRepository.dark(exposure, detector, $0)
                })
            }
        }
        #expect(try repository.butler.registry.queryDatasets("subtract_metadata", collections: ["subtractr"]).count == 4)
        let staging = repository.butler.root + "/.sci-pipelines/staging"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).allSatisfy { name in
            ((try? FileManager.default.contentsOfDirectory(atPath: staging + "/" + name)) ?? []).isEmpty
        })
    }

    @Test func taskImagesKeepFloat32PixelsAsRead() throws {
        let floats = FITSImage<Float>(width: 2, height: 1, pixels: [1.5, -0.25])
        var image = TaskImage(float32Pixels: floats)
        #expect(image.pixelType == .float32 && image.float32Pixels == floats)
        #expect(image.width == 2 && image.height == 1)
        #expect(image.pixels == FITSImage<Double>(width: 2, height: 1, pixels: [1.5, -0.25]))
        #expect(image == TaskImage(pixels: FITSImage<Double>(width: 2, height: 1, pixels: [1.5, -0.25]), pixelType: .float32))
        // Setting Double pixels replaces the Float ones.
        image.pixels = FITSImage<Double>(width: 1, height: 1, pixels: [7])
        #expect(image.float32Pixels == nil && image.width == 1 && image.pixels.pixels == [7])
    }
}

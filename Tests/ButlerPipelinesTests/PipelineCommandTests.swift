import Butler
import ButlerPipelines
import Foundation
import SciCore
import Testing
import TestSupport

/// `sci butler qgraph` and `sci butler run` as users run them: the built executable, in processes of their own.
@Suite struct PipelineCommandTests {
    static func pipelineFile(_ repository: PipelineRepository) throws -> String {
        try repository.folder.writeFile("ExamplePipeline.yaml", PipelineRepository.examplePipeline)
    }

    @Test func qgraphPrintsSavesAndNotesSkippedQuanta() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2, missingDarks: [[3, 2]])
        let saved = repository.folder.file("qgraph.json")
        let result = try SciProcess.run([
            "butler", "qgraph", repository.butler.root, "-p", try Self.pipelineFile(repository), "-i", "rawexpr,darkr", "-o", "subtractr",
            "--where", "instrument = 'SPHEREx'", "--format", "csv", "--save", saved,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.first == "quantum,task,instrument,detector,exposure,inputs,outputs,depends_on")
        #expect(rows.count == 6)
        #expect(result.stderr.contains("note: skipped subtract {detector: 2, exposure: 3, instrument: SPHEREx}: no dark"))
        let graph = try QuantumGraph(jsonData: try Data(contentsOf: URL(fileURLWithPath: saved)))
        #expect(graph.quanta.count == 5)
        #expect(graph.outputRun.hasPrefix("subtractr/"))
        // Nothing was written to the repository.
        #expect((try? repository.butler.registry.collection("subtractr")) == nil)

        let json = try SciProcess.run([
            "butler", "qgraph", repository.butler.root, "-p", try Self.pipelineFile(repository), "-i", "rawexpr", "-i", "darkr", "-o", "subtractr", "--json",
            "-d", "detector = 1",
        ])
        #expect(try QuantumGraph(jsonData: Data(json.stdout.utf8)).quanta.count == 3)
    }

    @Test func runWritesTheOutputsAndFailsClearly() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 2)
        let pipeline = try Self.pipelineFile(repository)
        let common = ["butler", "run", repository.butler.root, "-p", pipeline, "-i", "rawexpr,darkr", "-o", "subtractr", "--format", "csv"]
        let unregistered = try SciProcess.run(common)
        #expect(unregistered.status == 1)
        #expect(unregistered.stderr.hasPrefix("error: dataset type postDark (an output of subtract) is not registered"))

        let bad = try SciProcess.run(common + ["--register-dataset-types", "-c", "subtract:inputHDUNum=3"])
        #expect(bad.status == 1)
        #expect(bad.stderrLines.first { $0.hasPrefix("error:") }?.contains("4 of 4 quanta failed; first: subtract {detector: 1, exposure: 1, instrument: SPHEREx}: ") == true)
        #expect(bad.stderr.contains("no HDU 3"))

        let good = try SciProcess.run(common + ["-j", "2"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.split(separator: "\n").count == 5)
        #expect(try repository.butler.registry.queryDatasets("postDark", collections: ["subtractr"]).count == 4)
        let invalid = try SciProcess.run(common + ["-j", "0"])
        #expect(invalid.status == 2)
    }

    @Test func aKilledRunResumesWithoutRedoingFinishedQuanta() throws {
        let repository = try PipelineRepository(exposures: 50, detectors: 4, size: 4)
        let pipeline = try Self.pipelineFile(repository)
        let arguments = [
            "butler", "run", repository.butler.root, "-p", pipeline, "-i", "rawexpr,darkr", "-o", "subtractr", "--register-dataset-types",
            "--format", "csv",
        ]
        let process = try SciProcess.start(arguments)
        // Killed once some quanta are finished: their provenance files exist.
        var finished: [String] = []
        while process.isRunning, finished.isEmpty {
            finished = Self.provenanceFiles(repository)
            usleep(200)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed")
        let chain = try repository.butler.registry.collection("subtractr")
        let run = try #require(chain.children.first)
        let before = try repository.butler.registry.queryDatasets("subtract_metadata", collections: [run])
        #expect(before.count < 200)

        let again = try SciProcess.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("resuming RUN \(run): \(before.count) of 200 quanta finished before, \(200 - before.count) to run"))
        #expect(try repository.butler.registry.collection("subtractr").children == chain.children)
        #expect(try repository.butler.registry.queryDatasets("postDark", collections: [run]).count == 200)
        let after = try repository.butler.registry.queryDatasets("subtract_metadata", collections: [run])
        #expect(after.count == 200)
        // The quanta finished before the kill kept their provenance files: they were not run again.
        for ref in before { #expect(after.first { $0.id == ref.id }?.path == ref.path) }
        #expect(again.stdout.split(separator: "\n").count == 200 - before.count + 1)
    }

    static func provenanceFiles(_ repository: PipelineRepository) -> [String] {
        guard let runs = try? FileManager.default.contentsOfDirectory(atPath: repository.folder.file("repo/subtractr")) else { return [] }
        return runs.flatMap { run in
            (try? FileManager.default.subpathsOfDirectory(atPath: repository.folder.file("repo/subtractr/\(run)/subtract_metadata"))) ?? []
        }.filter { $0.hasSuffix(".yaml") }
    }
}

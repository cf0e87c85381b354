import Butler
import ButlerPipelines
import Testing

/// Graph building: one quantum per data ID, dimension joins, missing inputs, where-restrictions, two-task chains.
@Suite struct QuantumGraphBuilderTests {
    static func builder(_ repository: PipelineRepository, inputs: [String] = ["rawexpr", "darkr"], where clause: String? = nil) -> QuantumGraphBuilder {
        QuantumGraphBuilder(butler: repository.butler, inputs: inputs, output: "subtractr", outputRun: "subtractr/run", where: clause)
    }

    @Test func oneQuantumPerDataIdWithPredictedOutputs() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let graph = try Self.builder(repository).build(try repository.configured())
        #expect(graph.quanta.count == 6)
        #expect(graph.skipped.isEmpty)
        #expect(graph.edgeCount == 0)
        let quantum = try #require(graph.quanta.first { $0.dataId == ["instrument": "SPHEREx", "exposure": 2, "detector": 1] })
        #expect(quantum.inputs["inputImage"]?.map(\.run) == ["rawexpr"])
        #expect(quantum.inputs["subtractImage"]?.map(\.run) == ["darkr"])
        let output = try #require(quantum.outputs["outputImage"]?.first)
        #expect(output.datasetType == "postDark")
        #expect(output.run == "subtractr/run")
        // The ids the run will give its outputs, known in advance.
        #expect(output.id == DatasetIdFactory.makeId(datasetType: "postDark", dataId: output.dataId, run: "subtractr/run", mode: .dataIdTypeRun))
    }

    @Test func missingInputsSkipTheQuantumWithANote() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 2, missingDarks: [[2, 1]])
        let graph = try Self.builder(repository).build(try repository.configured())
        #expect(graph.quanta.count == 5)
        #expect(graph.skipped.count == 1)
        #expect(graph.skipped[0].missing == ["dark"])
        #expect(graph.skipped[0].note.contains("no dark"))
        #expect(graph.skipped[0].note.contains("exposure: 2"))
        #expect(!graph.quanta.contains { $0.dataId == ["instrument": "SPHEREx", "exposure": 2, "detector": 1] })
    }

    @Test func whereRestrictsTheDataIds() throws {
        let repository = try PipelineRepository(exposures: 4, detectors: 3)
        let graph = try Self.builder(repository, where: "instrument = 'SPHEREx' AND detector = 2 AND exposure IN (2..3)").build(try repository.configured())
        #expect(graph.quanta.map(\.dataId).sorted { $0.description < $1.description } == [
            ["instrument": "SPHEREx", "exposure": 2, "detector": 2], ["instrument": "SPHEREx", "exposure": 3, "detector": 2],
        ])
        let none = try Self.builder(repository, where: "detector = 9").build(try repository.configured())
        #expect(none.quanta.isEmpty)
        #expect(throws: ButlerError.self) { try Self.builder(repository, where: "detector = = 9").build(try repository.configured()) }
    }

    @Test func anInputOverFewerDimensionsJoinsThroughTheRecords() throws {
        // A per-detector flat subtracted from every exposure of its detector.
        let repository = try PipelineRepository(exposures: 3, detectors: 2)
        let pipeline = try repository.configured(overrides: [
            "subtract:connections.subtractImage=flat", "subtract:subtractDimensions=instrument,detector",
        ])
        let graph = try Self.builder(repository, inputs: ["rawexpr", "flatr"]).build(pipeline)
        #expect(graph.quanta.count == 6)
        for quantum in graph.quanta {
            let flat = try #require(quantum.inputs["subtractImage"]?.first)
            #expect(flat.dataId == quantum.dataId.subset(["instrument", "detector"]))
        }
        // With no flat in the inputs, every quantum is skipped for it.
        let none = try Self.builder(repository, inputs: ["rawexpr"]).build(pipeline)
        #expect(none.quanta.isEmpty)
        #expect(none.skipped.count == 6)
        #expect(none.skipped.allSatisfy { $0.missing == ["flat"] })
    }

    @Test func aSecondTaskConsumesTheFirstsOutputs() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 2, missingDarks: [[1, 2]])
        let pipeline = try repository.configured(Self.twoTasks)
        let graph = try Self.builder(repository).build(pipeline)
        let first = graph.quanta.filter { $0.task == "subtract" }
        let second = graph.quanta.filter { $0.task == "again" }
        #expect(first.count == 3)
        #expect(second.count == 3)
        #expect(graph.edgeCount == 3)
        for quantum in second {
            let upstream = try #require(quantum.dependencies.first)
            #expect(graph.quanta[upstream].task == "subtract")
            #expect(graph.quanta[upstream].dataId == quantum.dataId)
            #expect(quantum.inputs["inputImage"]?.first?.id == graph.quanta[upstream].outputs["outputImage"]?.first?.id)
            // Every quantum comes after the ones it depends on.
            #expect(upstream < quantum.id)
        }
        // The missing dark is said once, where it is missing; the second task then has no input for that data ID.
        #expect(graph.skipped.map(\.task) == ["subtract"])
    }

    static let twoTasks = """
        description: subtract the dark twice
        tasks:
          again:
            class: sci.SubtractTask
            config: {connections.inputImage: postDark, connections.subtractImage: dark, connections.outputImage: postDark2}
          subtract:
            class: spherex.tasks.SubtractTask
            config: {connections.inputImage: rawexp, connections.subtractImage: dark, connections.outputImage: postDark}
        """

    @Test func theGraphSavesAndReadsBack() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 1)
        let graph = try Self.builder(repository).build(try repository.configured(Self.twoTasks))
        let again = try QuantumGraph(jsonData: try graph.jsonData())
        #expect(again.quanta == graph.quanta)
        #expect(again.tasks == graph.tasks)
        #expect(throws: PipelineError.self) { try QuantumGraph(jsonData: Data("{}".utf8)) }
    }
}
import Foundation

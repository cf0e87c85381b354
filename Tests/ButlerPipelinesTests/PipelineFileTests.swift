import ButlerPipelines
import SciCore
import Testing

/// Pipeline files in pipe_base's form and the command line's config overrides.
@Suite struct PipelineFileTests {
    @Test func readsThePOCsExamplePipeline() throws {
        let pipeline = try Pipeline(yaml: PipelineRepository.examplePipeline)
        #expect(pipeline.description == "ExamplePipeline")
        #expect(pipeline.tasks.map(\.label) == ["subtract"])
        #expect(pipeline.tasks[0].className == "spherex.tasks.SubtractTask")
        #expect(pipeline.tasks[0].config.values == [
            "connections.inputImage": "rawexp", "connections.subtractImage": "dark", "connections.outputImage": "postDark",
        ])
        let configured = try ConfiguredPipeline(pipeline)
        let connections = configured.tasks[0].connections
        #expect(connections.inputs.map(\.datasetType) == ["rawexp", "dark"])
        #expect(connections.outputs.map(\.datasetType) == ["postDark"])
        #expect(connections.dimensions == ["detector", "exposure", "instrument"])
    }

    @Test func nestedConfigAndBareClassNames() throws {
        let pipeline = try Pipeline(yaml: """
            description: two forms
            tasks:
              plain: sci.SubtractTask
              nested:
                class: sci.SubtractTask
                config:
                  connections: {inputImage: a, subtractImage: b, outputImage: c}
                  inputHDUNum: 1
            """)
        #expect(pipeline.tasks[0].config.values.isEmpty)
        #expect(pipeline.tasks[1].config.values["connections.subtractImage"] == "b")
        #expect(pipeline.tasks[1].config.values["inputHDUNum"] == "1")
    }

    @Test func overridesApplyOnTopOfTheFile() throws {
        let pipeline = try Pipeline(yaml: PipelineRepository.examplePipeline).applying([
            try ConfigOverride(parsing: "subtract:connections.outputImage='diff'"), try ConfigOverride(parsing: "subtract:inputHDUNum=0"),
        ])
        let configured = try ConfiguredPipeline(pipeline)
        #expect(configured.tasks[0].connections.outputs[0].datasetType == "diff")
        #expect(throws: PipelineError.self) { try ConfigOverride(parsing: "subtract.inputHDUNum=1") }
        #expect(throws: PipelineError.self) { try pipeline.applying([try ConfigOverride(parsing: "other:x=1")]) }
    }

    @Test func wrongPipelinesSayWhatIsWrong() throws {
        let unknownKey = try Pipeline(yaml: "tasks:\n  s:\n    class: sci.SubtractTask\n    config: {inputHDUNumber: 1}\n")
        let error = try #require(throws: PipelineError.self) { try ConfiguredPipeline(unknownKey) }
        #expect(SciError.from(error).message.contains("inputHDUNumber"))
        let badValue = try Pipeline(yaml: "tasks:\n  s:\n    class: sci.SubtractTask\n    config: {inputHDUNum: one}\n")
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(badValue) }
        let badConnection = try Pipeline(yaml: "tasks:\n  s:\n    class: sci.SubtractTask\n    config: {connections.nothing: x}\n")
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(badConnection) }
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(try Pipeline(yaml: "tasks:\n  s: no.SuchTask\n")) }
        #expect(throws: PipelineError.self) { try Pipeline(yaml: "description: nothing\n") }
        #expect(throws: PipelineError.self) { try Pipeline(yaml: "tasks: [a, b]\n") }
        #expect(throws: PipelineError.self) { try Pipeline(yaml: "tasks:\n  s: sci.SubtractTask\nsubsets: {}\n") }
        // Two tasks writing one dataset type, and two reading each other's outputs, are refused.
        let twice = try Pipeline(yaml: "tasks:\n  a: sci.SubtractTask\n  b: sci.SubtractTask\n")
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(twice) }
        let cycle = try Pipeline(yaml: """
            tasks:
              a: {class: sci.SubtractTask, config: {connections.inputImage: y, connections.subtractImage: d, connections.outputImage: x}}
              b: {class: sci.SubtractTask, config: {connections.inputImage: x, connections.subtractImage: d, connections.outputImage: y}}
            """)
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(cycle) }
    }

    @Test func tasksAreOrderedByDataFlowNotFileOrder() throws {
        let pipeline = try Pipeline(yaml: """
            tasks:
              second: {class: sci.SubtractTask, config: {connections.inputImage: postDark, connections.subtractImage: dark, connections.outputImage: twice}}
              first: {class: sci.SubtractTask, config: {connections.inputImage: rawexp, connections.subtractImage: dark, connections.outputImage: postDark}}
            """)
        #expect(try ConfiguredPipeline(pipeline).tasks.map(\.label) == ["first", "second"])
    }

    @Test func aLabsOwnTaskIsFoundOnceRegistered() throws {
        let registry = TaskRegistry()
        let pipeline = try Pipeline(yaml: "tasks:\n  flaky: tests.FlakyTask\n")
        #expect(throws: PipelineError.self) { try ConfiguredPipeline(pipeline, registry: registry) }
        registry.register(FlakyTask.self)
        #expect(try ConfiguredPipeline(pipeline, registry: registry).tasks[0].connections.outputs[0].datasetType == "copied")
        #expect(registry.names.contains("spherex.tasks.SubtractTask"))
    }
}

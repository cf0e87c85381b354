public import ArgumentParser
import Butler
import ButlerPipelines
import Foundation
import SciCore
public import SciCLI

/// `sci butler qgraph`: the quantum graph of a pipeline, as `pipetask qgraph`.
public struct QuantumGraphCommand: ParsableCommand, GlobalOptionsCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qgraph",
        abstract: "Build the quantum graph of a pipeline: one quantum per data ID its tasks' dimensions select.",
        discussion: """
            Inputs are found find-first in -i; quanta whose inputs are missing are left out with a note on stderr.
            Prints one row per quantum (--format), or the whole graph as JSON (--json); --save writes it to a file.
            Example:
              sci butler qgraph DATA -p ExamplePipeline.yaml -i rawexpr,darkr -o subtractr --where "detector IN (1..3)"
              sci butler qgraph DATA -p ExamplePipeline.yaml -i rawexpr,darkr -o subtractr --json --save qgraph.json
            """)

    @OptionGroup public var globals: GlobalOptions
    @OptionGroup var pipeline: PipelineOptions
    @Flag(help: "Print the whole graph as JSON (quanta, their inputs and outputs, edges).") var json = false
    @Option(help: "Also save the graph as JSON to this file.", completion: .file()) var save: String?
    @Flag(help: "Leave out quanta already finished in the output collection.") var skipExisting = false

    public init() {}

    public func run() throws {
        let (butler, configured) = try pipeline.open()
        let graph = try PipelineRunner(butler: butler, pipeline: configured).graph(pipeline.runnerOptions(skipExisting: skipExisting))
        for skipped in graph.skipped { FileHandle.standardError.write(Data(("note: " + skipped.note + "\n").utf8)) }
        if let save { try AtomicFile.write(try graph.jsonData(), to: save) }
        let perTask = configured.tasks.map { task in "\(task.label): \(graph.quanta.filter { $0.task == task.label }.count)" }
        if !globals.quiet {
            FileHandle.standardError.write(Data((
                "\(graph.quanta.count) quanta (\(perTask.joined(separator: ", "))), \(graph.edgeCount) edges, "
                    + "\(graph.skipped.count) skipped; outputs into \(graph.outputRun)\n").utf8))
        }
        if json {
            RecordWriter.standardOutput(String(decoding: try graph.jsonData(), as: UTF8.self) + "\n")
            return
        }
        let dims = butler.registry.universe.inUniverseOrder(Array(Set(configured.tasks.flatMap(\.connections.dimensions))))
        let writer = try globals.makeWriter(columns: ["quantum", "task"] + dims + ["inputs", "outputs", "depends_on"])
        for quantum in graph.quanta {
            var row: [String: JSONValue] = quantum.dataId.values.mapValues(\.json)
            row["quantum"] = .int(Int64(quantum.id))
            row["task"] = .string(quantum.task)
            row["inputs"] = .string(Self.names(quantum.inputs))
            row["outputs"] = .string(Self.names(quantum.outputs))
            row["depends_on"] = .string(quantum.dependencies.map(String.init).joined(separator: " "))
            writer.write(row)
        }
        writer.finish()
    }

    /// `rawexp, dark` for a quantum's datasets.
    static func names(_ refs: [String: [DatasetRef]]) -> String {
        refs.keys.sorted().flatMap { refs[$0]!.map(\.datasetType) }.joined(separator: ", ")
    }
}

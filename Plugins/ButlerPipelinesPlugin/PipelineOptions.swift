import ArgumentParser
import Butler
import ButlerPipelines

/// The options `qgraph` and `run` share, in pipetask's spelling.
struct PipelineOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The repository folder.", valueName: "repo"), completion: .directory)
    var repo: String

    @Option(name: [.short, .customLong("pipeline")], help: "The pipeline file (pipe_base's YAML: description, tasks).", completion: .file())
    var pipeline: String

    @Option(
        name: [.short, .customLong("input")],
        help: ArgumentHelp("Input collections, comma-separated or repeated (default: the output collection).", valueName: "collections"))
    var inputs: [String] = []

    @Option(name: [.short, .customLong("output")], help: "The CHAINED output collection; the outputs go into a new RUN OUTPUT/<timestamp>.")
    var output: String

    // Unconditional: an expression may start with a minus, which is not an option.
    @Option(
        name: [.customLong("where"), .customShort("d"), .customLong("data-query")], parsing: .unconditional,
        help: "Only data IDs matching this where-expression, e.g. \"instrument='SPHEREx' AND detector IN (1..3)\".")
    var whereClause: String?

    @Option(
        name: [.customShort("c"), .customLong("task-config")],
        help: ArgumentHelp("A config override, label:key=value (repeatable), e.g. subtract:connections.outputImage=diff.", valueName: "override"))
    var overrides: [String] = []

    /// The input collections, split at commas as pipetask splits them.
    var inputCollections: [String] {
        inputs.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("-o needs a collection name") }
    }

    /// Opens the repository and reads, overrides and configures the pipeline.
    func open() throws -> (Butler, ConfiguredPipeline) {
        let pipeline = try Pipeline(contentsOf: self.pipeline).applying(try overrides.map(ConfigOverride.init(parsing:)))
        let configured = try ConfiguredPipeline(pipeline)
        return (try Butler(root: repo), configured)
    }

    /// The runner's options.
    func runnerOptions(skipExisting: Bool = false) -> PipelineRunner.Options {
        PipelineRunner.Options(inputs: inputCollections, output: output, where: whereClause, skipExisting: skipExisting)
    }
}

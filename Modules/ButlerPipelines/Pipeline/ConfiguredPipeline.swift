public import SciBatch

/// A pipeline with its tasks found, configured and ordered so that every task comes after the tasks whose outputs
/// it reads.
public struct ConfiguredPipeline: Sendable {
    /// The pipeline's description.
    public var description: String
    /// The tasks in data-flow order.
    public var tasks: [ConfiguredTask]
    /// Where the quanta run, from the file's `executor:` section.
    public var executor: ExecutorSettings

    /// Finds each task in `registry`, configures it and orders the tasks by data flow. Refuses a dataset type made
    /// by two tasks, declared with two definitions, or a cycle.
    public init(_ pipeline: Pipeline, registry: TaskRegistry = .shared) throws {
        description = pipeline.description
        executor = pipeline.executor
        var configured: [ConfiguredTask] = []
        var labels = Set<String>()
        for entry in pipeline.tasks {
            guard labels.insert(entry.label).inserted else {
                throw PipelineError.invalidPipeline("two tasks are labelled '\(entry.label)'")
            }
            let type = try registry.task(named: entry.className)
            try entry.config.requireKnown(type.configKeys)
            let connections = try type.connections(for: entry.config)
            configured.append(ConfiguredTask(
                label: entry.label, className: entry.className, config: entry.config, connections: connections,
                task: try type.init(config: entry.config)))
        }
        tasks = try Self.ordered(configured)
    }

    private static func ordered(_ tasks: [ConfiguredTask]) throws -> [ConfiguredTask] {
        var producer: [String: String] = [:]
        var definitions: [String: Connection] = [:]
        for task in tasks {
            for output in task.connections.outputs + [Connection(
                name: "metadata", datasetType: task.metadataType, dimensions: task.connections.dimensions, storageClass: "StructuredDataDict")]
            {
                if let other = producer[output.datasetType] {
                    throw PipelineError.inconsistentPipeline("dataset type \(output.datasetType) is written by both \(other) and \(task.label)")
                }
                producer[output.datasetType] = task.label
            }
            for connection in task.connections.inputs + task.connections.outputs {
                if let known = definitions[connection.datasetType],
                    known.dimensions != connection.dimensions || known.storageClass != connection.storageClass
                {
                    throw PipelineError.inconsistentPipeline(
                        "dataset type \(connection.datasetType) is declared as \(known.storageClass) over "
                            + "\(known.dimensions.joined(separator: ", ")) and as \(connection.storageClass) over "
                            + "\(connection.dimensions.joined(separator: ", ")) (task \(task.label))")
                }
                definitions[connection.datasetType] = connection
            }
        }
        // Kahn's order, stable in file order, so a pipeline prints and runs the same way every time.
        var remaining = tasks
        var done = Set<String>()
        var result: [ConfiguredTask] = []
        while !remaining.isEmpty {
            guard let index = remaining.firstIndex(where: { task in
                task.connections.inputs.allSatisfy { input in producer[input.datasetType].map(done.contains) ?? true }
            }) else {
                throw PipelineError.inconsistentPipeline(
                    "the tasks \(remaining.map(\.label).joined(separator: ", ")) read each other's outputs in a cycle")
            }
            let task = remaining.remove(at: index)
            done.insert(task.label)
            result.append(task)
        }
        return result
    }

    /// The task labelled `label`.
    public func task(_ label: String) -> ConfiguredTask? { tasks.first { $0.label == label } }
}

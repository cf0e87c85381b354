import Butler
public import Foundation

/// The quanta of a pipeline over a repository: one per data ID each task's dimensions select, with edges where
/// one quantum reads what another writes. It can be saved as JSON and run later.
public struct QuantumGraph: Sendable, Codable {
    /// The input collections searched.
    public var inputCollections: [String]
    /// The CHAINED output collection (`-o`).
    public var output: String
    /// The RUN the outputs go into.
    public var outputRun: String
    /// The tasks in data-flow order, each with its class, config and connections.
    public var tasks: [TaskNode]
    /// The quanta, every one after the quanta it depends on.
    public var quanta: [Quantum]
    /// Quanta left out for missing inputs.
    public var skipped: [SkippedQuantum]

    /// One task as the graph records it.
    public struct TaskNode: Sendable, Codable, Hashable {
        /// The label.
        public var label: String
        /// The class name.
        public var className: String
        /// The config.
        public var config: [String: String]
        /// The connections.
        public var connections: TaskConnections
    }

    /// A graph.
    public init(
        inputCollections: [String], output: String, outputRun: String, tasks: [TaskNode], quanta: [Quantum],
        skipped: [SkippedQuantum]
    ) {
        self.inputCollections = inputCollections
        self.output = output
        self.outputRun = outputRun
        self.tasks = tasks
        self.quanta = quanta
        self.skipped = skipped
    }

    /// The graph as JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a graph saved with `jsonData()`.
    public init(jsonData data: Data, source: String = "the graph") throws {
        do { self = try JSONDecoder().decode(QuantumGraph.self, from: data) } catch {
            throw PipelineError.invalidGraph("\(source) is not a saved quantum graph: \(error)")
        }
    }

    /// The number of edges (a quantum's dependencies, summed).
    public var edgeCount: Int { quanta.reduce(0) { $0 + $1.dependencies.count } }
}

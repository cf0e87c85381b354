/// What a task declares: the dimensions of its quanta, the datasets each quantum reads and the ones it writes.
public struct TaskConnections: Sendable, Hashable, Codable {
    /// The dimensions of one quantum: one quantum runs per data ID over these.
    public var dimensions: [String]
    /// The datasets read.
    public var inputs: [Connection]
    /// The datasets written.
    public var outputs: [Connection]

    /// Connections.
    public init(dimensions: [String], inputs: [Connection], outputs: [Connection]) {
        self.dimensions = dimensions.sorted()
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The connection named `name`, input or output.
    public func connection(_ name: String) -> Connection? {
        inputs.first { $0.name == name } ?? outputs.first { $0.name == name }
    }

    /// These connections with dataset types renamed by `connections.<name>` keys of `config`, as pipe_base's
    /// config does; an unknown connection name is an error.
    public func renamed(by config: TaskConfig) throws -> TaskConnections {
        var result = self
        for (key, value) in config.values where key.hasPrefix("connections.") {
            let name = String(key.dropFirst("connections.".count))
            if let index = result.inputs.firstIndex(where: { $0.name == name }) {
                result.inputs[index].datasetType = value
            } else if let index = result.outputs.firstIndex(where: { $0.name == name }) {
                result.outputs[index].datasetType = value
            } else {
                throw PipelineError.invalidConfig(
                    "\(config.label): no connection '\(name)'",
                    hint: "its connections: \((inputs + outputs).map(\.name).joined(separator: ", "))")
            }
        }
        return result
    }
}

/// One task of a pipeline file: its label, the class the file names, and the config the file gives.
public struct PipelineEntry: Sendable, Hashable, Codable {
    /// The label (`subtract`), unique in the pipeline.
    public var label: String
    /// The `class:` (`spherex.tasks.SubtractTask`).
    public var className: String
    /// The config, flattened to dotted keys.
    public var config: TaskConfig

    /// An entry.
    public init(label: String, className: String, config: [String: String] = [:]) {
        self.label = label
        self.className = className
        self.config = TaskConfig(label: label, values: config)
    }
}

/// A pipeline task made ready to run: its label, class, config, the connections the config gives it, and the task.
public struct ConfiguredTask: Sendable {
    /// The label.
    public var label: String
    /// The class name the pipeline gave.
    public var className: String
    /// Its config (file and overrides).
    public var config: TaskConfig
    /// Its connections, dataset types renamed by the config.
    public var connections: TaskConnections
    /// The task.
    public var task: any PipelineTask

    /// The dataset type of the provenance each quantum writes (pipe_base's `<label>_metadata`).
    public var metadataType: String { label + "_metadata" }
}

/// A pipeline task, as pipe_base's `PipelineTask`: it declares its connections and runs one quantum at a time.
///
/// A lab adds its own tasks in its own Swift package: a type conforming to this protocol, registered once with
/// `TaskRegistry.shared.register(MyTask.self)` before `SciMain.run`, is then found by any of its `classNames` in a
/// pipeline file's `class:`. `run` is called on many threads at once, one quantum each, so a task keeps no
/// mutable state between quanta.
public protocol PipelineTask: Sendable {
    /// The names a pipeline file's `class:` may give it; the first is the one sci prints.
    static var classNames: [String] { get }
    /// Its connections before the config renames any dataset type.
    static var defaultConnections: TaskConnections { get }
    /// The config keys it reads (besides `connections.*`); others are refused.
    static var configKeys: Set<String> { get }
    /// Its connections under `config`: by default `defaultConnections` with the dataset types `connections.<name>`
    /// renames; a task whose dimensions are configurable says so here.
    static func connections(for config: TaskConfig) throws -> TaskConnections

    /// A task with its configuration; a wrong value is an error here, before any quantum runs.
    init(config: TaskConfig) throws

    /// Runs one quantum: reads its inputs from `quantum` and hands it every output.
    func run(_ quantum: QuantumContext) throws
}

extension PipelineTask {
    /// No config keys by default.
    public static var configKeys: Set<String> { [] }

    /// `defaultConnections` renamed by the config.
    public static func connections(for config: TaskConfig) throws -> TaskConnections {
        try defaultConnections.renamed(by: config)
    }
}

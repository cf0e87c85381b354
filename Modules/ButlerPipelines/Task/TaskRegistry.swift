import Synchronization

/// The tasks a pipeline file can name in `class:`: the built-in ones, and those a lab's package registers.
public final class TaskRegistry: Sendable {
    /// The registry `sci butler qgraph` and `run` read.
    public static let shared = TaskRegistry()

    private let tasks: Mutex<[String: any PipelineTask.Type]>

    /// A registry holding the built-in tasks.
    public init() {
        var builtIn: [String: any PipelineTask.Type] = [:]
        for task in [SubtractTask.self] as [any PipelineTask.Type] {
            for name in task.classNames { builtIn[name] = task }
        }
        tasks = Mutex(builtIn)
    }

    /// Adds `task` under each of its class names (replacing a task registered under the same name).
    public func register(_ task: any PipelineTask.Type) {
        tasks.withLock { all in
            for name in task.classNames { all[name] = task }
        }
    }

    /// The task a pipeline names `className`.
    public func task(named className: String) throws -> any PipelineTask.Type {
        guard let task = tasks.withLock({ $0[className] }) else {
            throw PipelineError.unknownTask(className, known: names)
        }
        return task
    }

    /// Every registered class name, sorted.
    public var names: [String] { tasks.withLock { $0.keys.sorted() } }
}

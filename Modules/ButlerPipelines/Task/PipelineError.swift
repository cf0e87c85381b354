public import SciCore

/// What can go wrong building or running a pipeline, in the user's words.
public enum PipelineError: Error, Sendable, Equatable, SciErrorConvertible {
    /// The pipeline file is not in pipe_base's form.
    case invalidPipeline(String, hint: String? = nil)
    /// A config value or override is wrong.
    case invalidConfig(String, hint: String? = nil)
    /// A `class:` that no registered task has.
    case unknownTask(String, known: [String])
    /// Two tasks disagree about a dataset type, or the tasks' data flow has a cycle.
    case inconsistentPipeline(String)
    /// A task's run failed on one quantum.
    case quantumFailed(String)
    /// A saved graph or checkpoint that cannot be read.
    case invalidGraph(String)

    /// The user-facing form.
    public var sciError: SciError {
        switch self {
        case .invalidPipeline(let message, let hint): return SciError(message, hint: hint)
        case .invalidConfig(let message, let hint): return SciError(message, hint: hint, exitCode: SciError.usageExitCode)
        case .unknownTask(let name, let known):
            return SciError(
                "no task class '\(name)'", hint: "known: \(known.joined(separator: ", ")); a lab's own tasks are registered with TaskRegistry")
        case .inconsistentPipeline(let message): return SciError(message)
        case .quantumFailed(let message): return SciError(message)
        case .invalidGraph(let message): return SciError(message)
        }
    }
}

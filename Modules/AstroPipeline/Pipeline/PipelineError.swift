public import SciCore

/// Why a pipeline stopped or could not start; each has one line for the user.
public enum PipelineError: Error, SciErrorConvertible, Equatable, Sendable {
    /// No binary for the tool was found.
    case toolNotFound(Tool, tried: [String])
    /// A step ended in error and errors were not ignored.
    case stepFailed(step: String, index: Int, message: String)
    /// A step threw and exceptions were not ignored.
    case stepThrew(step: String, index: Int, message: String)
    /// A path the pipeline needs is missing and was not to be created.
    case missingPath(key: String, path: String)
    /// The pipeline definition is wrong (unknown step, duplicate name, dependency cycle, bad YAML).
    case invalidPipeline(String)
    /// The saved state in the log folder cannot be read or written.
    case state(String)
    /// The saved state is damaged (a truncated file): it names the file.
    case damagedState(path: String, reason: String)
    /// Another run holds the pipeline's lock; the message says who.
    case locked(String, hint: String)
    /// A signal stopped the run; the steps that were running are recorded as interrupted.
    case interrupted(signal: Int32, steps: [String])
    /// The pipeline or the way it was run is wrong, with how to fix it.
    case rejected(String, hint: String)

    /// The user-facing form.
    public var sciError: SciError {
        switch self {
        case .toolNotFound(let tool, let tried):
            SciError("\(tool) not found (tried \(tried.joined(separator: ", ")))",
                     hint: "install it (Debian: apt-get install \(tool.rawValue.lowercased() == "sextractor" ? "source-extractor" : tool.rawValue.lowercased())) or set its build path")
        case .stepFailed(let step, let index, let message):
            SciError("step \(index) (\(step)) failed: \(message)", hint: "fix it, then run again with --resume")
        case .stepThrew(let step, let index, let message):
            SciError("step \(index) (\(step)) raised an error: \(message)", hint: "fix it, then run again with --resume")
        case .missingPath(let key, let path):
            SciError("the \(key) folder \(path) does not exist", hint: "create it or let the pipeline create its paths")
        case .invalidPipeline(let message):
            SciError(message, exitCode: SciError.usageExitCode)
        case .state(let message):
            SciError(message)
        case .damagedState(let path, let reason):
            SciError("the saved pipeline state \(path) is damaged (\(reason))",
                     hint: "move it away to start afresh (steps whose outputs are up to date are re-run once), e.g. mv \(path) \(path).bad")
        case .locked(let message, let hint):
            SciError(message, hint: hint)
        case .interrupted(let signal, let steps):
            SciError("interrupted by \(ProgramRun.name(of: signal))\(steps.isEmpty ? "" : " during \(steps.joined(separator: ", "))")",
                     hint: "run again with --resume to continue", exitCode: 128 + signal)
        case .rejected(let message, let hint):
            SciError(message, hint: hint, exitCode: SciError.usageExitCode)
        }
    }

    /// The message, as the terminal shows it.
    public var description: String { sciError.description }
}

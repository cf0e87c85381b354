import SciCore

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
        }
    }

    /// The message, as the terminal shows it.
    public var description: String { sciError.description }
}

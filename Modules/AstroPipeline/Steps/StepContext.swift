/// What a running step knows about its pipeline.
public struct StepContext: Sendable {
    /// The step's name.
    public var stepName: String
    /// The step's position in the run list.
    public var index: Int
    /// The pipeline's folders (temp, log, config, catalogs, stacks, images).
    public var paths: PipelinePaths
    /// The folder relative paths are resolved against and programs run in.
    public var workingDirectory: String

    /// Resolves a path relative to the working directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)"
    }
}

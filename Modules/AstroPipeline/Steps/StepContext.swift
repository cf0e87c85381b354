public import SciBatch

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
    /// The step's own scratch folder (`<temp>/<step>.tmp`, relative to the working directory): emptied before the
    /// step runs, so steps running at once never share scratch files.
    public var temporaryDirectory: String
    /// What stops the run; programs the step starts register with it.
    public var interruption: Interruption?
    /// Where the step's program runs when not as sci's child (a Slurm cluster), or nil.
    public var executor: (any CommandExecutor)?
    /// Steps of this run whose jobs this step's job waits for (given to `executor`).
    public var dependencies: [String] = []

    /// A context; the pipeline makes one for each step it runs.
    public init(stepName: String, index: Int, paths: PipelinePaths, workingDirectory: String,
                temporaryDirectory: String? = nil, interruption: Interruption? = nil) {
        self.stepName = stepName
        self.index = index
        self.paths = paths
        self.workingDirectory = workingDirectory
        self.temporaryDirectory = temporaryDirectory ?? "\(paths.temp ?? ".")/\(stepName).tmp"
        self.interruption = interruption
    }

    /// The step's command goes to `executor`, when there is one.
    var batch: ProgramRun.Batch? { executor.map { ProgramRun.Batch(executor: $0, step: stepName, dependencies: dependencies) } }

    /// Resolves a path relative to the working directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)"
    }
}

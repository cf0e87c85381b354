/// One command for a `CommandExecutor`: a pipeline step or a quantum.
public struct BatchJob: Sendable, Equatable {
    /// Unique among the jobs of one run; other jobs name it in `dependencies`, and it names its files.
    public var name: String
    /// The program and its arguments (absolute program path: the batch node has no PATH of sci's).
    public var command: [String]
    /// The folder the command runs in (on a shared file system for a cluster).
    public var workingDirectory: String
    /// Where the command's standard error goes (absolute).
    public var errorLog: String
    /// Names of jobs of the same run that must succeed first.
    public var dependencies: [String]
    /// Files the job removes just before its command runs (a report an earlier run left, which would be read as
    /// this run's): removed by the job, not the caller, because a job taken over on resume may have written them.
    public var staleFiles: [String]

    /// A job; `dependencies` name other jobs handed to the same executor.
    public init(name: String, command: [String], workingDirectory: String, errorLog: String, dependencies: [String] = [],
                staleFiles: [String] = []) {
        self.name = name
        self.command = command
        self.workingDirectory = workingDirectory
        self.errorLog = errorLog
        self.dependencies = dependencies
        self.staleFiles = staleFiles
    }
}

/// How a `BatchJob` ended.
public enum BatchOutcome: Sendable, Equatable {
    /// The command ran and exited with this code.
    case exited(Int32)
    /// The batch system ended the job before the command finished (cancelled, timed out, preempted, node failure,
    /// never submitted): its job id, state, reason and log, in the batch system's words.
    case ended(job: String, state: String, reason: String, log: String)
    /// sci stopped waiting (it was interrupted); the job goes on and a resumed run picks it up.
    case abandoned(job: String?)
    /// A dry run: the job was printed, not submitted.
    case planned(job: String)

    /// One line for a step's message, or nil for an exit code (the caller judges those).
    public var problem: String? {
        switch self {
        case .exited: nil
        case .ended(let job, let state, let reason, let log):
            job.isEmpty ? "not submitted to Slurm: \(reason)"
                : "Slurm job \(job) \(state)\(reason.isEmpty || reason == "None" ? "" : " (\(reason))"); its log: \(log)"
        case .abandoned(let job):
            "sci stopped waiting\(job.map { "; Slurm job \($0) goes on, and --resume picks it up" } ?? "")"
        case .planned(let job): "dry run: would be Slurm job \(job)"
        }
    }
}

/// One command for a `CommandExecutor`: a pipeline step, or a quantum of a butler pipeline.
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

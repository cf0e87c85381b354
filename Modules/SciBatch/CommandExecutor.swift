/// Where a pipeline's commands run when not as child processes of sci: the seam between scheduling (which
/// command, after which others) and execution. `sci pipeline run --executor slurm` uses `SlurmExecutor`; other
/// callers (butler pipelines' quanta) hand it their own commands the same way.
///
/// A caller hands over every command whose predecessors are handed over too (or already done), naming those
/// predecessors, and awaits each outcome; the executor decides how to batch them (Slurm: job arrays with
/// `afterok` dependencies), and judges nothing: the caller reads the exit code and the files the command wrote.
public protocol CommandExecutor: AnyObject, Sendable {
    /// Runs `job` once all its dependencies have succeeded, and says how it ended.
    func run(_ job: BatchJob) async -> BatchOutcome
    /// Stops the jobs of `names` that have not ended (the caller judged a step they depend on failed); their
    /// `run` returns at once, ended.
    func cancel(_ names: [String]) async
    /// Prints what it would submit instead of running anything; the caller then records nothing.
    var isDryRun: Bool { get }
}

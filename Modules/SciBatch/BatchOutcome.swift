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

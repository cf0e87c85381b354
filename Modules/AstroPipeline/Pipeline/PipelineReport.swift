/// What a call to `Pipeline.run` did: the steps it ran or found up to date, their results and their warnings.
public struct PipelineReport: Sendable {
    /// A warning with the step that raised it.
    public struct Warning: Sendable, Hashable {
        /// The step's name.
        public var step: String
        /// The warning.
        public var message: String
    }

    /// Steps in the order they finished, with their results.
    public var results: [(step: String, result: StepResult)]
    /// Every warning of every step, step by step (the seed's warnings table).
    public var warnings: [Warning] {
        results.flatMap { entry in entry.result.warnings.map { Warning(step: entry.step, message: $0) } }
    }
    /// Steps that actually ran (not up to date).
    public var ran: [String] { results.filter { !$0.result.upToDate }.map(\.step) }
    /// Steps that ended in error (the run went on because errors were ignored).
    public var failed: [String] { results.filter { $0.result.status == .error }.map(\.step) }
    /// Failed steps whose own `ignore_errors` does not allow it: the run as a whole failed (`--ignore-errors` only
    /// let it go on).
    public var failedNotAllowed: [String] { failed.filter { !allowedFailures.contains($0) } }
    /// Steps whose failure their own policy allows.
    var allowedFailures: Set<String> = []
    /// Steps skipped because nothing they depend on changed.
    public var upToDate: [String] { results.filter(\.result.upToDate).map(\.step) }

    /// The result of one step, if it finished in this run.
    public func result(_ step: String) -> StepResult? { results.last { $0.step == step }?.result }
}

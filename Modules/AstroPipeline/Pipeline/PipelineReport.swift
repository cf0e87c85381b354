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
    /// Steps skipped because nothing they depend on changed.
    public var upToDate: [String] { results.filter(\.result.upToDate).map(\.step) }

    /// The result of one step, if it finished in this run.
    public func result(_ step: String) -> StepResult? { results.last { $0.step == step }?.result }
}

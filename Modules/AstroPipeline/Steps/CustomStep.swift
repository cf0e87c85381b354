/// Custom work in a pipeline: a Swift closure given the step's context, returning the step's result.
public struct CustomStep: Sendable {
    /// The work; a thrown error counts as an exception (see `Step.ignoreExceptions`).
    public var body: @Sendable (StepContext) async throws -> StepResult
    /// Text that identifies the work for up-to-date checks (the CLI uses the shell command); nil never skips.
    public var identity: String?

    /// Custom work; give `identity` to let an unchanged step with declared inputs be skipped.
    public init(identity: String? = nil, _ body: @escaping @Sendable (StepContext) async throws -> StepResult) {
        self.body = body
        self.identity = identity
    }

    /// A shell command run with `/bin/sh -c` in the pipeline's folder: error when it exits non-zero, with its
    /// last line of standard error as the message.
    public static func shell(_ command: String) -> CustomStep {
        CustomStep(identity: command) { context in
            try await ProgramRun.shell(command, in: context)
        }
    }
}

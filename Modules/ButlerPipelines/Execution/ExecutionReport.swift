/// What an execution did: the quanta finished, those that failed (with why), and those not run because they need
/// a failed quantum's outputs.
public struct ExecutionReport: Sendable {
    /// Quanta finished and committed.
    public var finished: [Int] = []
    /// Failed quanta and their messages.
    public var failed: [Int: String] = [:]
    /// Quanta not run because an upstream quantum failed.
    public var blocked: [Int] = []

    /// A report.
    public init(finished: [Int] = [], failed: [Int: String] = [:], blocked: [Int] = []) {
        self.finished = finished
        self.failed = failed
        self.blocked = blocked
    }
}

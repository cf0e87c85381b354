import Foundation

/// Runs quanta on `jobs` threads of this process, in dependency order. Each has a writer thread that writes one
/// quantum's output files while the next quantum runs, and one more thread commits the finished quanta in batches
/// (writes and commits wait on the disk, so the tasks keep the cores busy meanwhile).
public struct LocalExecutor: QuantumExecutor {
    /// `local`.
    public var name: String { "local" }
    /// How many quanta run at once.
    public let jobs: Int

    /// An executor with `jobs` threads (at least one).
    public init(jobs: Int) { self.jobs = max(1, jobs) }

    /// Runs the pending quanta; see `QuantumExecutor`.
    public func execute(pending: Set<Int>, runner: QuantumRunner, observe: @escaping @Sendable (QuantumEvent) -> Void) -> ExecutionReport {
        let state = LocalExecutionState(graph: runner.graph, pending: pending)
        let finished = DispatchSemaphore(value: 0)
        // No more workers (each with its writer thread) than quanta to run.
        let workers = min(jobs, max(1, pending.count))
        for _ in 0..<workers {
            let thread = Thread {
                state.work(runner: runner, observe: observe)
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        let committer = Thread {
            state.commit(runner: runner, observe: observe)
            finished.signal()
        }
        committer.start()
        for _ in 0...workers { finished.wait() }
        return state.report()
    }
}

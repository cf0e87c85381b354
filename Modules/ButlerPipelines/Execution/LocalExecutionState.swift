import Foundation

/// The shared state of a `LocalExecutor` run: which quanta are ready, running, waiting to be committed, done or
/// failed; every field is read and written under `condition`'s lock.
final class LocalExecutionState: @unchecked Sendable {
    private let condition = NSCondition()
    private let graph: QuantumGraph
    private var waitingOn: [Int: Int] = [:]
    private var dependents: [Int: [Int]] = [:]
    private var ready: [Int] = []
    private var readyHead = 0
    private var running = 0
    private var toCommit: [QuantumResult] = []
    /// When the first quantum now waiting to be committed was added.
    private var gatheringSince = Date()
    private var committing = false
    private var finished: [Int] = []
    private var failed: [Int: String] = [:]
    private let pending: Set<Int>

    init(graph: QuantumGraph, pending: Set<Int>) {
        self.graph = graph
        self.pending = pending
        for id in pending.sorted() {
            let upstream = graph.quanta[id].dependencies.filter(pending.contains)
            waitingOn[id] = upstream.count
            for dependency in upstream { dependents[dependency, default: []].append(id) }
            if upstream.isEmpty { ready.append(id) }
        }
    }

    private var idle: Bool { readyHead == ready.count && running == 0 && toCommit.isEmpty && !committing }

    /// A worker: takes ready quanta and runs their tasks until nothing is left to run. Each quantum's output
    /// images are written by the worker's `OutputWriter` while it runs the next; the quantum counts as running
    /// until they are written.
    func work(runner: QuantumRunner, observe: @escaping @Sendable (QuantumEvent) -> Void) {
        let writer = OutputWriter()
        defer { writer.close() }
        condition.lock()
        while true {
            if readyHead < ready.count {
                let id = ready[readyHead]
                readyHead += 1
                running += 1
                // The last ready quantum taken: the committer stops gathering.
                if readyHead == ready.count, !toCommit.isEmpty { condition.broadcast() }
                condition.unlock()
                let quantum = graph.quanta[id]
                switch Result(catching: { try runner.run(quantum, deferringWrites: true) }) {
                case .success(let result): writer.write(result) { self.ran(quantum, $0, observe: observe) }
                case .failure(let error): ran(quantum, .failure(error), observe: observe)
                }
                condition.lock()
            } else if idle {
                condition.broadcast()
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }

    /// A quantum whose task ran and whose outputs are written: to be committed, or failed.
    /// Called on the writer's thread, which nobody waits for: a failure is reported before the quantum stops
    /// counting as running, so every event is observed before the executor returns.
    private func ran(_ quantum: Quantum, _ outcome: Result<QuantumResult, any Error>, observe: @Sendable (QuantumEvent) -> Void) {
        var message: String?
        if case .failure(let error) = outcome {
            message = "\(quantum.task) \(quantum.dataId): \(PipelineRunner.message(error))"
            observe(.failed(quantum, message!))
        }
        condition.lock()
        running -= 1
        switch outcome {
        case .success(let result):
            if toCommit.isEmpty { gatheringSince = Date() }
            toCommit.append(result)
        case .failure: failed[quantum.id] = message
        }
        condition.broadcast()
        condition.unlock()
    }

    /// How many finished quanta the committer gathers before it commits while the workers have other quanta to run.
    static let batchSize = 64
    /// How long a finished quantum waits for its batch at most, so progress is reported as it goes.
    static let batchDelay = 0.25

    /// Whether the committer should commit now rather than wait for more: a full batch, a batch waiting long
    /// enough, or workers that are or will soon be idle (nothing ready to run, so they wait on this commit or on
    /// nothing). A commit costs about as much for one quantum as for many (a transaction, a journal synced,
    /// each dataset type looked up), so while the workers are busy, gathering keeps that cost off their cores.
    private var commitDue: Bool {
        toCommit.count >= Self.batchSize || readyHead == ready.count || Date().timeIntervalSince(gatheringSince) >= Self.batchDelay
    }

    /// The committer: commits what the workers finished, in batches, and releases the quanta that waited on it.
    func commit(runner: QuantumRunner, observe: @Sendable (QuantumEvent) -> Void) {
        condition.lock()
        while true {
            if !toCommit.isEmpty, !commitDue {
                _ = condition.wait(until: gatheringSince.addingTimeInterval(Self.batchDelay))
            } else if !toCommit.isEmpty {
                let batch = toCommit
                toCommit = []
                committing = true
                condition.unlock()
                let failures = runner.commit(batch)
                for result in batch {
                    if let message = failures[result.quantum.id] {
                        observe(.failed(result.quantum, "\(result.quantum.task) \(result.quantum.dataId): \(message)"))
                    } else {
                        observe(.finished(result.quantum))
                    }
                }
                condition.lock()
                committing = false
                for result in batch {
                    let id = result.quantum.id
                    if let message = failures[id] {
                        failed[id] = "\(result.quantum.task) \(result.quantum.dataId): \(message)"
                        continue
                    }
                    finished.append(id)
                    for dependent in dependents[id] ?? [] {
                        waitingOn[dependent, default: 1] -= 1
                        if waitingOn[dependent] == 0 { ready.append(dependent) }
                    }
                }
                condition.broadcast()
            } else if idle {
                condition.broadcast()
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }

    /// What happened, once every thread has returned.
    func report() -> ExecutionReport {
        condition.lock()
        defer { condition.unlock() }
        let done = Set(finished).union(failed.keys)
        return ExecutionReport(finished: finished.sorted(), failed: failed, blocked: pending.subtracting(done).sorted())
    }
}

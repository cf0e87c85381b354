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

    /// A worker: takes ready quanta and runs their tasks until nothing is left to run.
    func work(runner: QuantumRunner, observe: @Sendable (QuantumEvent) -> Void) {
        condition.lock()
        while true {
            if readyHead < ready.count {
                let id = ready[readyHead]
                readyHead += 1
                running += 1
                condition.unlock()
                let quantum = graph.quanta[id]
                let outcome = Result { try runner.run(quantum) }
                condition.lock()
                running -= 1
                switch outcome {
                case .success(let result): toCommit.append(result)
                case .failure(let error):
                    let message = "\(quantum.task) \(quantum.dataId): \(PipelineRunner.message(error))"
                    failed[id] = message
                    condition.unlock()
                    observe(.failed(quantum, message))
                    condition.lock()
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

    /// The committer: commits what the workers finished, in batches, and releases the quanta that waited on it.
    func commit(runner: QuantumRunner, observe: @Sendable (QuantumEvent) -> Void) {
        condition.lock()
        while true {
            if !toCommit.isEmpty {
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

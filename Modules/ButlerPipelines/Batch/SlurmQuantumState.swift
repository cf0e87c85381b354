import Foundation
import SciBatch

/// The state of one `SlurmQuantumExecutor` run: the jobs' outcomes arrive from the tasks awaiting them (under
/// `condition`'s lock), and one thread, the caller's, turns them into commits, failures and blocked quanta. A
/// quantum is committed only after every pending quantum it reads from, so the registry never holds an output made
/// from one that is not there.
final class SlurmQuantumState: @unchecked Sendable {
    private let condition = NSCondition()
    private let graph: QuantumGraph
    private let pending: Set<Int>
    private let folder: String
    private var dependents: [Int: [Int]] = [:]
    // Under the lock.
    private var arrivals: [(id: Int, outcome: BatchOutcome, log: String)] = []
    private var outstanding: Int
    private var failedOrBlocked: Set<Int> = []
    // The committing thread's own.
    private var committed: Set<Int> = []
    private var failed: [Int: String] = [:]
    /// Why a quantum's job did not end well, until it is judged failed or blocked.
    private var problems: [Int: String] = [:]
    private var held: [Int: QuantumResult] = [:]

    init(graph: QuantumGraph, pending: Set<Int>, folder: String) {
        self.graph = graph
        self.pending = pending
        self.folder = folder
        outstanding = pending.count
        for id in pending.sorted() {
            for dependency in graph.quanta[id].dependencies where pending.contains(dependency) { dependents[dependency, default: []].append(id) }
        }
    }

    /// Records how quantum `id`'s job ended; returns the jobs to cancel (what depends on a quantum that failed).
    func arrived(_ id: Int, _ outcome: BatchOutcome, log: String) -> [String] {
        condition.lock()
        defer { condition.unlock() }
        arrivals.append((id, outcome, log))
        outstanding -= 1
        condition.broadcast()
        if case .exited(0) = outcome { return [] }
        if case .planned = outcome { return [] }
        return doomed(after: id)
    }

    /// The pending quanta downstream of `id` not yet known to have failed, as job names (call under the lock).
    private func doomed(after id: Int) -> [String] {
        var result: [String] = []
        var queue = dependents[id] ?? []
        failedOrBlocked.insert(id)
        while let next = queue.popLast() {
            guard failedOrBlocked.insert(next).inserted else { continue }
            result.append("q\(next)")
            queue += dependents[next] ?? []
        }
        return result
    }

    /// Every pending quantum failed for one reason (nothing could be submitted).
    func failAll(_ message: String, observe: @Sendable (QuantumEvent) -> Void) -> ExecutionReport {
        for id in pending.sorted() { observe(.failed(graph.quanta[id], message)) }
        return ExecutionReport(failed: Dictionary(uniqueKeysWithValues: pending.map { ($0, message) }))
    }

    /// Commits what the jobs hand over until every job has ended; `cancel` stops the jobs of quanta downstream of
    /// one whose commit failed. A quantum whose job did not end well failed on its own when every pending quantum it
    /// reads from is committed, and is blocked otherwise (Slurm or sci cancelled it for that one): told apart once
    /// all have ended, because the outcomes of a failed quantum and of its cancelled dependents arrive in any order.
    func commit(runner: QuantumRunner, staging: String, observe: @Sendable (QuantumEvent) -> Void,
                cancel: @escaping @Sendable ([String]) -> Void) -> ExecutionReport {
        condition.lock()
        while true {
            if !arrivals.isEmpty {
                let batch = arrivals
                arrivals = []
                condition.unlock()
                for arrival in batch { judge(arrival, staging: staging) }
                commitReady(runner: runner, observe: observe, cancel: cancel)
                condition.lock()
            } else if outstanding == 0 {
                condition.unlock()
                break
            } else {
                condition.wait()
            }
        }
        // Held results whose upstream never committed are blocked: their staged links go.
        for result in held.values { result.discard() }
        for (id, message) in problems.sorted(by: { $0.key < $1.key }) where runsAfterCommitted(id) {
            failed[id] = message
            observe(.failed(graph.quanta[id], message))
        }
        let done = committed.union(failed.keys)
        return ExecutionReport(finished: committed.sorted(), failed: failed, blocked: pending.subtracting(done).sorted())
    }

    /// Whether every pending quantum `id` reads from is committed.
    private func runsAfterCommitted(_ id: Int) -> Bool {
        graph.quanta[id].dependencies.allSatisfy { !pending.contains($0) || committed.contains($0) }
    }

    /// Whether a quantum `id` reads from failed or was blocked, so that `id` will not be committed in this run.
    private func upstreamFailed(_ id: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return graph.quanta[id].dependencies.contains { failedOrBlocked.contains($0) }
    }

    private func judge(_ arrival: (id: Int, outcome: BatchOutcome, log: String), staging: String) {
        let quantum = graph.quanta[arrival.id]
        let what = "\(quantum.task) \(quantum.dataId)"
        switch arrival.outcome {
        case .exited(0):
            if upstreamFailed(arrival.id) { return }
            guard let handover = QuantumHandover.read(quantum: arrival.id, folder: folder) else {
                problems[arrival.id] = "\(what): its job ended without handing over its outputs; its log: \(arrival.log)"
                return
            }
            do { held[arrival.id] = try handover.result(for: quantum, linkingInto: staging) } catch {
                problems[arrival.id] = "\(what): \(PipelineRunner.message(error))"
            }
        case .exited(let code):
            let text = (try? String(contentsOfFile: arrival.log, encoding: .utf8)) ?? ""
            let last = text.split(separator: "\n").last.map(String.init) ?? "exited \(code)"
            problems[arrival.id] = "\(what): \(last) (exit \(code); its log: \(arrival.log))"
        case .ended, .abandoned:
            problems[arrival.id] = "\(what): \(arrival.outcome.problem ?? "its Slurm job ended")"
        case .planned:
            return
        }
    }

    /// Commits, in batches, every held result whose pending upstream quanta are all committed; drops those whose
    /// upstream failed.
    private func commitReady(runner: QuantumRunner, observe: @Sendable (QuantumEvent) -> Void, cancel: @Sendable ([String]) -> Void) {
        while true {
            var ready: [QuantumResult] = []
            for (id, result) in held.sorted(by: { $0.key < $1.key }) {
                if upstreamFailed(id) {
                    result.discard()
                    held[id] = nil
                } else if runsAfterCommitted(id) {
                    ready.append(result)
                    held[id] = nil
                }
            }
            guard !ready.isEmpty else { return }
            let failures = runner.commit(ready)
            for result in ready {
                let quantum = result.quantum
                if let message = failures[quantum.id] {
                    let text = "\(quantum.task) \(quantum.dataId): \(message)"
                    failed[quantum.id] = text
                    observe(.failed(quantum, text))
                    condition.lock()
                    let doomed = doomed(after: quantum.id)
                    condition.unlock()
                    if !doomed.isEmpty { cancel(doomed) }
                } else {
                    committed.insert(quantum.id)
                    observe(.finished(quantum))
                }
            }
        }
    }
}

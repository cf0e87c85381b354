import Foundation
import Synchronization

/// Stops a running pipeline from outside it: a signal handler calls `interrupt(_:)`, the programs of the running
/// steps get SIGTERM (SIGKILL if they are still there 5 s later, or at a second call), their steps are recorded
/// as interrupted, no further step starts, and `Pipeline.run` throws `PipelineError.interrupted`.
public final class Interruption: Sendable {
    /// A program a step started.
    struct Child: Sendable, Codable, Equatable {
        var step: String
        var program: String
        var pid: Int32
    }

    private struct State {
        var signal: Int32?
        var children: [Int32: Child] = [:]
    }

    private let state = Mutex(State())
    private let lock = Mutex<PipelineLock?>(nil)

    /// Nothing interrupted yet.
    public init() {}

    /// The signal the run was interrupted by, or nil.
    public var signal: Int32? { state.withLock { $0.signal } }

    /// Stops the running programs and every step after them; `signal` is reported (SIGINT, SIGTERM, SIGHUP).
    public func interrupt(_ signal: Int32) {
        let (pids, first) = state.withLock { state in
            let first = state.signal == nil
            if first { state.signal = signal }
            return (Array(state.children.keys), first)
        }
        for pid in pids { kill(pid, first ? SIGTERM : SIGKILL) }
        guard first else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) { [self] in
            for pid in state.withLock({ Array($0.children.keys) }) { kill(pid, SIGKILL) }
        }
    }

    /// After an interruption: stops what the programs started and left behind (a shell step's own children), which
    /// inherited the lock file and would keep the pipeline locked.
    func stopLeftovers() {
        guard signal != nil, let path = heldLock?.path else { return }
        // Not another sci: one checking the lock has it open for a moment.
        for holder in PipelineLock.holders(of: path) where holder.name != "sci" { kill(holder.pid, SIGTERM) }
    }

    /// The programs running now.
    var running: [Child] { state.withLock { $0.children.values.sorted { $0.pid < $1.pid } } }

    /// Records a started program; false when the run was interrupted meanwhile (the caller stops it).
    func started(_ child: Child) -> Bool {
        let accepted = state.withLock { state in
            state.children[child.pid] = child
            return state.signal == nil
        }
        lock.withLock { $0?.record(running) }
        return accepted
    }

    /// Forgets a program that ended.
    func ended(_ pid: Int32) {
        state.withLock { _ = $0.children.removeValue(forKey: pid) }
        lock.withLock { $0?.record(running) }
    }

    /// The lock whose file lists the running programs, while a run holds it.
    var heldLock: PipelineLock? {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }

    /// Starts a new run: no signal, no programs.
    func reset() { state.withLock { $0 = State() } }
}

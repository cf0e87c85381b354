import Foundation

/// Writes one worker's finished quanta's outputs on a thread of its own while the worker runs its next quantum: a
/// large image's write waits on the disk for about as long as making it took the CPU, so doing both at once
/// nearly halves a worker's time per quantum. One quantum's writes are in flight at a time; a worker that
/// finishes another meanwhile waits for them, which bounds the memory held to two quanta's files per worker (one
/// being written, the next made).
/// (A thread of its own rather than a dispatch queue: a queue's work item waited about 0.7 ms for a thread to
/// start it, a third of a 4 MB write.)
final class OutputWriter: @unchecked Sendable {
    private let condition = NSCondition()
    /// The write waiting for the thread, or being done by it; nil when the writer is free.
    private var pending: (@Sendable () -> Void)?
    private var closed = false

    /// Starts the writer's thread.
    init() {
        Thread { self.serve() }.start()
    }

    /// Writes `result`'s outputs once the previous result's are written, then hands over the written result, or
    /// the error that stopped it (its staged files removed), to `done` on the writer's thread.
    func write(_ result: QuantumResult, then done: @escaping @Sendable (Result<QuantumResult, any Error>) -> Void) {
        condition.lock()
        while pending != nil { condition.wait() }
        pending = {
            var result = result
            done(Result {
                try result.write()
                return result
            })
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Lets the thread end once the last write is done.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve() {
        condition.lock()
        while true {
            if let write = pending {
                condition.unlock()
                write()
                condition.lock()
                pending = nil
                condition.broadcast()
            } else if closed {
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }
}

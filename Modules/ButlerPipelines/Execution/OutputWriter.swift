import Dispatch

/// Writes one worker's finished quanta's outputs in the background while the worker runs its next quantum: a
/// large image's write waits on the disk for about as long as making it took the CPU, so doing both at once
/// nearly halves a worker's time per quantum. One quantum's writes are in flight at a time; a worker that
/// finishes another meanwhile waits for them, which bounds the memory held to one quantum's images per worker.
final class OutputWriter: Sendable {
    private let queue = DispatchQueue(label: "sci.butler.output-writer")
    private let free = DispatchSemaphore(value: 1)

    /// Writes `result`'s outputs after the previous result's, then hands over the written result or the error that
    /// stopped it (its staged files removed) to `done`, on the writer's thread.
    func write(_ result: QuantumResult, then done: @escaping @Sendable (Result<QuantumResult, any Error>) -> Void) {
        free.wait()
        queue.async { [free] in
            var result = result
            let outcome = Result { () throws -> QuantumResult in
                try result.write()
                return result
            }
            free.signal()
            done(outcome)
        }
    }
}

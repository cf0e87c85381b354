import Dispatch
import Synchronization

/// Runs async work (the S3 client's) to completion from the butler's synchronous API.
///
/// The work runs on an executor of its own threads, never on Swift's shared pool: the caller waits by blocking its
/// thread, and a caller that is itself a pool thread (a test, a server handler) would otherwise wait for work that
/// needs that very pool, which deadlocks on a small machine.
enum BlockingBridge {
    /// The threads the bridged work runs on.
    private static let executor = BridgeExecutor()

    /// The result of `body`, waited for.
    @discardableResult
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        start {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.result.withLock { $0 = result }
            outcome.done.signal()
        }
        outcome.done.wait()
        return try outcome.result.withLock { $0! }.get()
    }

    /// Starts `body` on the bridge's threads and returns at once; the caller arranges to wait for it.
    static func start(_ body: @escaping @Sendable () async -> Void) {
        Task(executorPreference: executor) { await body() }
    }

    /// The place a bridged task leaves its result.
    private final class Outcome<T: Sendable>: Sendable {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
    }
}

/// A task executor on a private concurrent dispatch queue: its threads are not the shared pool's.
private final class BridgeExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "sci.butler.datastore", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

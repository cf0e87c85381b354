import Dispatch
import Synchronization

extension S3Datastore {
    /// Runs `work` for indices `0..<count`, `width` at a time, and returns the results in index order. After the first
    /// failure no more are started; the ones running finish, then that failure is thrown.
    static func inParallel<T: Sendable>(
        _ count: Int, width: Int, _ work: @escaping @Sendable (Int) async throws -> T
    ) async throws -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        let failures = await eachInParallel(count, width: width) { index in
            let value = try await work(index)
            results.withLock { $0[index] = value }
        }
        if let first = failures.first { throw first }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// Runs `work` for indices `0..<count`, `width` at a time, and returns the failures (in the order they happened).
    /// With `stopOnFailure`, none is started after the first failure.
    static func eachInParallel(
        _ count: Int, width: Int, stopOnFailure: Bool = true, _ work: @escaping @Sendable (Int) async throws -> Void
    ) async -> [any Error] {
        await withTaskGroup(of: (any Error)?.self) { group in
            var failures: [any Error] = []
            var next = 0
            while next < min(count, width) {
                let index = next
                group.addTask { do { try await work(index); return nil } catch { return error } }
                next += 1
            }
            while let outcome = await group.next() {
                if let outcome { failures.append(outcome) }
                if next < count, !(stopOnFailure && !failures.isEmpty) {
                    let index = next
                    group.addTask { do { try await work(index); return nil } catch { return error } }
                    next += 1
                }
            }
            return failures
        }
    }
}

/// Files travelling to S3, `width` at a time on the bridge's threads, while the caller inserts the registry rows.
final class S3Placement: DatastorePlacement {
    private let paths: [String]
    private let wrote: Mutex<[Bool]>
    private let outcome = Mutex<[any Error]?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `transfer`, which calls `wrote(index)` for every destination it may have written (for the clean-up)
    /// and returns the failures.
    init(paths: [String], transfer: @escaping @Sendable (_ wrote: @escaping @Sendable (Int) -> Void) async -> [any Error]) {
        self.paths = paths
        wrote = Mutex([Bool](repeating: false, count: paths.count))
        BlockingBridge.start { [self] in
            let failures = await transfer { index in self.wrote.withLock { $0[index] = true } }
            outcome.withLock { $0 = failures }
            done.signal()
        }
    }

    func finish() -> Result<[String], PlacementFailed> {
        done.wait()
        // Later callers find the answer at once.
        done.signal()
        let written = wrote.withLock { flags in paths.indices.filter { flags[$0] }.map { paths[$0] } }
        if let first = outcome.withLock({ $0 })?.first { return .failure(PlacementFailed(placed: written, underlying: first)) }
        return .success(written)
    }
}

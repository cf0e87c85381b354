import Foundation
import Synchronization

extension FileDatastore {
    /// Places many files, making their folders, on every core; returns the destinations placed. A failure is
    /// `PlacementFailed`, which lists what was placed before it, for the caller to remove.
    func place(_ files: [(source: String, path: String)], mode: TransferMode) throws -> [String] {
        try startPlacing(files, mode: mode).finish().get()
    }

    /// Starts placing files on all cores but this one, so the caller can do other work meanwhile and then join in
    /// with `Placement.finish()`.
    func startPlacing(_ files: [(source: String, path: String)], mode: TransferMode) -> any DatastorePlacement {
        let placement = Placement(datastore: self, files: files, mode: mode)
        let helpers = files.count > 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) - 1 : 0
        for _ in 0..<helpers { DispatchQueue.global().async(group: placement.helpers) { placement.work() } }
        return placement
    }

    /// The sizes of files (nil for a missing path or one that cannot be read), stat'ed on every core.
    static func sizes(of paths: [String?]) -> [Int64?] {
        let sizes = Mutex([Int64?](repeating: nil, count: paths.count))
        let workers = paths.count > 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        let share = (paths.count + workers - 1) / max(workers, 1)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * share)..<min(paths.count, (worker + 1) * share)
            guard !range.isEmpty else { return }
            let found = range.map { index -> Int64? in
                var info = stat()
                return paths[index].flatMap { stat($0, &info) == 0 ? Int64(info.st_size) : nil }
            }
            sizes.withLock { $0.replaceSubrange(range, with: found) }
        }
        return sizes.withLock { $0 }
    }
}

/// Files being placed by several threads, which take runs of consecutive files in turn: making thousands of small
/// files is the kernel's work and runs in parallel, and consecutive files (in data ID order) mostly share a folder, so
/// the threads seldom wait on each other's folder locks.
final class Placement: DatastorePlacement {
    /// The threads started with it; the caller joins them in `finish()`.
    let helpers = DispatchGroup()
    private let datastore: FileDatastore
    private let files: [(source: String, path: String)]
    private let mode: TransferMode
    private let next = Atomic<Int>(0)
    private let placed: Mutex<[Bool]>
    private let failure = Mutex<(any Error)?>(nil)
    private static let run = 32

    init(datastore: FileDatastore, files: [(source: String, path: String)], mode: TransferMode) {
        self.datastore = datastore
        self.files = files
        self.mode = mode
        placed = Mutex([Bool](repeating: false, count: files.count))
    }

    /// Places runs of files until none is left or one fails.
    func work() {
        var directories = Set<String>()
        while failure.withLock({ $0 == nil }) {
            let start = next.add(Self.run, ordering: .relaxed).oldValue
            guard start < files.count else { return }
            for index in start..<min(files.count, start + Self.run) {
                do {
                    // A folder shared by two threads' runs is made by both: the second mkdir finds it and goes on.
                    try datastore.prepareFolder(for: files[index].path, directories: &directories)
                    try datastore.place(files[index].source, at: files[index].path, mode: mode)
                    placed.withLock { $0[index] = true }
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    return
                }
            }
        }
    }

    /// Joins in until every file is placed, then says what was placed, or what failed and what was placed before.
    func finish() -> Result<[String], PlacementFailed> {
        work()
        helpers.wait()
        let paths = placed.withLock { flags in files.indices.filter { flags[$0] }.map { files[$0].path } }
        if let error = failure.withLock({ $0 }) { return .failure(PlacementFailed(placed: paths, underlying: error)) }
        return .success(paths)
    }
}

/// A placement that failed part way: what was placed (to be removed) and why it stopped.
struct PlacementFailed: Error {
    var placed: [String]
    var underlying: any Error
}

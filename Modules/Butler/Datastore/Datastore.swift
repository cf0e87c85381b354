import Foundation

/// Where a repository's files live, as the butler sees it: a folder (`FileDatastore`) or a prefix in an S3 store
/// (`S3Datastore`). The butler reaches the files only through this seam, so both keep the same rules: files are
/// placed before the registry rows that name them commit, and what a failed ingest placed is removed.
///
/// A stored path is relative to the root, or a URI (`file://…`, `s3://…`) for a file ingested with `direct`.
protocol Datastore: Sendable {
    /// The root: an absolute folder, or `s3://bucket/prefix`.
    var root: String { get }
    /// The URI of a stored path: `file:///…` or `s3://bucket/key`.
    func uri(of path: String) -> String
    /// The path relative to the root of a source (an absolute path or a URI) that lies inside it, which `auto` uses
    /// in place; nil for a source outside.
    func pathInside(_ source: String) -> String?
    /// What the registry records for a source ingested with `direct`.
    func directPath(for source: String) -> String
    /// Refuses a transfer mode this datastore cannot do, before anything is written.
    func check(_ mode: TransferMode, sources: [String]) throws
    /// The sizes of sources (nil where there is none or it cannot be read).
    func sizes(of sources: [String?]) throws -> [Int64?]
    /// Starts placing `source` at `path` for each file; `finish()` waits and says what was placed. A destination
    /// already there is kept and fails the placement.
    func startPlacing(_ files: [(source: String, path: String)], mode: TransferMode) -> any DatastorePlacement
    /// Writes an object through its formatter at `path` (not there yet) and returns the size stored.
    func write(_ object: DatasetObject, with formatter: any DatasetFormatter, at path: String) throws -> Int64
    /// Reads the dataset stored at `path` through its formatter.
    func read(_ path: String, with formatter: any DatasetFormatter) throws -> DatasetObject
    /// Copies the files stored at `path` to the local files `target` (replaced if there, their folders made),
    /// each checked as it arrives.
    func retrieve(_ files: [(path: String, target: String)]) throws
    /// Removes stored files (not those ingested with `direct`, which the repository does not own); files already
    /// gone are fine.
    func remove(_ paths: [String]) throws
    /// Removes the sources of a `move` once the ingest has committed.
    func removeSources(_ sources: [String])
    /// Cleans up what an ingest killed while placing `paths` left: those no registry row names are removed.
    func recover(_ paths: [String]) throws
}

/// Files being placed; `finish()` waits for all of them.
protocol DatastorePlacement: Sendable {
    /// Waits until every file is placed, then says what was placed, or what failed and what may have been placed
    /// (for the caller to remove).
    func finish() -> Result<[String], PlacementFailed>
}

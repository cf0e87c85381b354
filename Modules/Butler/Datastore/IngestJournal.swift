import Foundation

/// A note of the files an ingest is placing, so a process killed mid-ingest leaves nothing behind.
///
/// The registry's transaction rolls back by itself when a process dies, but files already placed would stay as
/// orphans. The journal lists them and is locked (`flock`) while its ingest runs; the next writer to open the
/// repository finds journals whose lock it can take, removes the listed files that no registry row points at, and
/// deletes the journal.
final class IngestJournal {
    private let path: String
    private let descriptor: Int32

    /// Writes and locks a journal of `paths` (relative to the root) in `folder`.
    init(folder: String, paths: [String]) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/" + UUID().uuidString + ".journal"
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX) == 0 else {
            throw ButlerError.datastore("cannot write the ingest journal \(path)")
        }
        let text = paths.joined(separator: "\n") + "\n"
        let written = text.utf8CString.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count, fsync(descriptor) == 0 else {
            throw ButlerError.datastore("cannot write the ingest journal \(path)")
        }
    }

    /// Ends the journal once the ingest has committed or cleaned up after itself.
    func finish() {
        unlink(path)
        close(descriptor)
    }

    /// Lets go of the journal but keeps it, for the next writer to clean up what this ingest could not remove.
    func abandon() {
        close(descriptor)
    }

    /// Cleans up after dead ingests: `isReferenced` says whether the registry points at a path.
    static func recover(folder: String, datastore: any Datastore, isReferenced: (String) throws -> Bool) throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasSuffix(".journal") {
            let path = folder + "/" + name
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            // A live ingest holds the lock: leave its journal alone.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let orphans = try text.split(separator: "\n").map(String.init).filter { try !isReferenced($0) }
            try datastore.recover(orphans)
            unlink(path)
        }
    }
}

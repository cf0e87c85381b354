import Foundation
import SciCore

/// Checksums of files the pipeline has hashed, each kept with the file's identity (size, inode, modification and
/// change times in nanoseconds). A file whose identity is unchanged is not read again, as git's index avoids
/// re-hashing; any write changes the change time, so a changed file is always hashed afresh.
struct FileHashes: Codable, Sendable {
    struct Entry: Codable, Sendable, Equatable {
        var size: Int64
        var inode: UInt64
        var modified: Int64
        var changed: Int64
        var checksum: String
    }

    private var entries: [String: Entry] = [:]

    /// The file's `xxh64:` checksum, nil when it cannot be read.
    mutating func checksum(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            entries[path] = nil
            return nil
        }
        // Wrapping arithmetic: the times only identify a file's state, and a file dated after 2262 (ext4 takes
        // 2446) would overflow nanoseconds in Int64 and trap. Two states 584 years apart are not a real collision.
        #if os(Linux)
            let modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
            let changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
        #else
            let modified = Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
            let changed = Int64(info.st_ctimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctimespec.tv_nsec)
        #endif
        let identity = (Int64(info.st_size), UInt64(info.st_ino), modified, changed)
        if let known = entries[path], (known.size, known.inode, known.modified, known.changed) == identity {
            return known.checksum
        }
        guard let sum = StableChecksum.of(path) else { return nil }
        entries[path] = Entry(size: identity.0, inode: identity.1, modified: identity.2, changed: identity.3, checksum: sum)
        return sum
    }
}

import Foundation
import SciCore

/// Where a download's body goes: appended to a partial file while XXH64 is computed on the fly (or only hashed).
/// It outlives single attempts, so a resumed attempt continues both the file and the hash.
final class FileSink: @unchecked Sendable {
    // Unchecked: each attempt hands the sink to the driver thread and only reads it again after that attempt ended.
    let path: String
    private let fd: Int32
    private var hasher = XXH64Hasher()
    /// Bytes in the partial file, all of them hashed.
    private(set) var size: Int64 = 0
    private(set) var writeError: FileError?
    /// The most bytes the file may hold; a server sending more is cut off rather than allowed to fill the disk.
    let limit: Int64?
    /// Whether the server sent more than `limit`.
    private(set) var exceededLimit = false

    /// Opens (or creates) the partial file and hashes what an earlier attempt left in it; a partial file already
    /// longer than `limit` cannot be the start of the file and is started over.
    init(path: String, limit: Int64? = nil) throws {
        self.path = path
        self.limit = limit
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.cannotWrite(path, errno: errno) }
        let existing = FileDescriptor.size(of: path) ?? 0
        if existing > 0 {
            try FileBlocks.read(path: path, limit: existing) { hasher.update($0) }
        }
        size = existing
        lseek(fd, off_t(existing), SEEK_SET)
        if let limit, existing > limit { restart() }
    }

    /// A sink that keeps no bytes, only their count and XXH64: for a caller that checks what a URL holds.
    init(discardingUpTo limit: Int64?) {
        path = ""
        self.limit = limit
        fd = -1
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Throws away everything: used when the server ignored our Range and sends the whole file again.
    func restart() {
        if fd >= 0 {
            ftruncate(fd, 0)
            lseek(fd, 0, SEEK_SET)
        }
        hasher = XXH64Hasher()
        size = 0
    }

    /// Appends bytes; false when the disk refused them.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let limit, Int64(bytes.count) > limit - size {
            exceededLimit = true
            return false
        }
        do {
            if fd >= 0 { try FileDescriptor.writeAll(fd, bytes, path: path) }
        } catch let error as FileError {
            writeError = error
            return false
        } catch {
            return false
        }
        hasher.update(bytes)
        size += Int64(bytes.count)
        return true
    }

    /// Makes the bytes durable.
    func sync() throws {
        guard fsync(fd) == 0 else { throw FileError.cannotWrite(path, errno: errno) }
    }

    /// The checksum of every byte in the file.
    var checksum: Checksum { hasher.checksum }
}

import Foundation
import SciCore

/// File bodies on disk, addressed by content: `ROOT/blobs/<2 hex>/<16 hex>-<size>`, so identical files are stored once.
///
/// An upload in progress is one file, `ROOT/uploads/<file uuid>/data`, each part written in place at its offset as it
/// arrives, so completing an upload costs one read to verify the whole, never a copy; the verified file is renamed
/// into place, so a blob path only ever holds a whole, verified file. The size is part of the address because XXH64
/// is not collision-resistant: two different files would need the same hash and length.
struct BlobStore: Sendable {
    /// The registry's root folder.
    let root: String

    var blobsFolder: String { root + "/blobs" }
    var uploadsFolder: String { root + "/uploads" }
    var temporaryFolder: String { blobsFolder + "/tmp" }

    /// Opens the store, creating its folders.
    init(root: String) throws {
        self.root = root
        for folder in [root, root + "/blobs", root + "/blobs/tmp", root + "/uploads"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// The address of a file with this checksum and size.
    static func key(checksum: Checksum, size: Int64) -> String { "\(checksum.hex)-\(size)" }

    /// Where the blob with this key lives.
    func path(ofBlob key: String) -> String { "\(blobsFolder)/\(key.prefix(2))/\(key)" }

    /// Where an upload's parts live.
    func folder(ofUpload uuid: String) -> String { "\(uploadsFolder)/\(uuid)" }

    /// The file an upload's parts are written into.
    func data(ofUpload uuid: String) -> String { "\(folder(ofUpload: uuid))/data" }

    /// A part being received: bytes are written at the part's offset in the upload's file, hashed as they come. A part
    /// cut short leaves bytes that only a complete resend of the part (which the client makes, having no ETag) covers.
    final class PartWriter {
        private let fd: Int32
        private let path: String
        private let offset: Int64
        private var hasher = XXH64Hasher()
        /// Bytes received so far.
        private(set) var size: Int64 = 0

        init(store: BlobStore, upload uuid: String, offset: Int64) throws {
            try FileManager.default.createDirectory(atPath: store.folder(ofUpload: uuid), withIntermediateDirectories: true)
            path = store.data(ofUpload: uuid)
            fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileError.cannotOpen(path, errno: errno) }
            self.offset = offset
        }

        deinit { close(fd) }

        /// Writes the next bytes of the part.
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            hasher.update(bytes)
            var done = 0
            while done < bytes.count {
                let written = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + size) + off_t(done))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileError.cannotWrite(path, errno: errno)
                }
                done += written
            }
            size += Int64(bytes.count)
        }

        /// Makes the part durable and returns its ETag, the XXH64 of its bytes.
        func commit() throws -> String {
            guard fdatasync(fd) == 0 else { throw FileError.cannotWrite(path, errno: errno) }
            return hasher.checksum.hex
        }
    }

    /// Hashes an upload's file whole; the caller publishes or removes it.
    func verify(upload uuid: String) throws -> (path: String, size: Int64, checksum: Checksum) {
        let path = data(ofUpload: uuid)
        var hasher = XXH64Hasher()
        var size: Int64 = 0
        if FileManager.default.fileExists(atPath: path) {
            try FileBlocks.read(path: path) { block in
                hasher.update(block)
                size += Int64(block.count)
            }
        }
        return (path, size, hasher.checksum)
    }

    /// Moves a verified upload to its address; when that blob is already there, the copy is dropped instead.
    func publish(_ temporary: String, as key: String) throws {
        let destination = path(ofBlob: key)
        if FileManager.default.fileExists(atPath: destination) {
            unlink(temporary)
            return
        }
        // An upload never written (a file of no bytes) has no data file yet.
        if !FileManager.default.fileExists(atPath: temporary) {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: temporary).deletingLastPathComponent().path, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else { throw FileError.cannotWrite(temporary, errno: errno) }
        }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try AtomicFile.publish(temporary, as: destination)
    }

    /// Removes a blob.
    func remove(blob key: String) { unlink(path(ofBlob: key)) }

    /// Removes an upload's parts.
    func removeUpload(_ uuid: String) { try? FileManager.default.removeItem(atPath: folder(ofUpload: uuid)) }

    /// Removes everything not in use: blobs no file refers to, uploads no pending file owns, and temporary files.
    /// Run before serving, so no upload is being assembled meanwhile.
    func sweep(referencedBlobs: Set<String>, pendingUploads: Set<String>) -> (blobs: Int, uploads: Int) {
        let manager = FileManager.default
        var removed = (blobs: 0, uploads: 0)
        for name in (try? manager.contentsOfDirectory(atPath: temporaryFolder)) ?? [] {
            try? manager.removeItem(atPath: "\(temporaryFolder)/\(name)")
        }
        for shard in (try? manager.contentsOfDirectory(atPath: blobsFolder)) ?? [] where shard != "tmp" {
            for key in (try? manager.contentsOfDirectory(atPath: "\(blobsFolder)/\(shard)")) ?? [] where !referencedBlobs.contains(key) {
                try? manager.removeItem(atPath: "\(blobsFolder)/\(shard)/\(key)")
                removed.blobs += 1
            }
        }
        for uuid in (try? manager.contentsOfDirectory(atPath: uploadsFolder)) ?? [] where !pendingUploads.contains(uuid) {
            try? manager.removeItem(atPath: folder(ofUpload: uuid))
            removed.uploads += 1
        }
        return removed
    }
}

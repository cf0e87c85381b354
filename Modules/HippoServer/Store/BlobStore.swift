import Foundation
import SciCore

/// File bodies on disk, addressed by content: `ROOT/blobs/<2 hex>/<16 hex>-<size>`, so identical files are stored once.
///
/// Parts of uploads in progress live in `ROOT/uploads/<file uuid>/<part number>`; assembly happens in `ROOT/blobs/tmp/`
/// and a finished blob is renamed into place, so a blob path only ever holds a whole, verified file. The size is part
/// of the address because XXH64 is not collision-resistant: two different files would need the same hash and length.
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

    /// Where one part lives.
    func path(ofPart number: Int, upload uuid: String) -> String { "\(folder(ofUpload: uuid))/\(number)" }

    /// A part being received: bytes go to a temporary file, hashed as they come, and replace the part only when whole.
    final class PartWriter {
        private let file: AtomicFile
        private var hasher = XXH64Hasher()
        /// Bytes received so far.
        private(set) var size: Int64 = 0

        init(store: BlobStore, upload uuid: String, number: Int) throws {
            try FileManager.default.createDirectory(atPath: store.folder(ofUpload: uuid), withIntermediateDirectories: true)
            file = try AtomicFile(destination: store.path(ofPart: number, upload: uuid))
        }

        /// Appends bytes.
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            hasher.update(bytes)
            try file.write(bytes)
            size += Int64(bytes.count)
        }

        /// Makes the part durable and returns its ETag, the XXH64 of its bytes.
        func commit() throws -> String {
            try file.commit()
            return hasher.checksum.hex
        }

        /// Drops what was received.
        func discard() { file.discard() }
    }

    /// Concatenates an upload's parts into a temporary file, hashing as it goes; the caller publishes or removes it.
    func assemble(upload uuid: String, parts: Int) throws -> (path: String, size: Int64, checksum: Checksum) {
        let output = try AtomicFile(destination: "\(temporaryFolder)/\(uuid)")
        var hasher = XXH64Hasher()
        var size: Int64 = 0
        for number in 0..<parts {
            try FileBlocks.read(path: path(ofPart: number + 1, upload: uuid)) { block in
                hasher.update(block)
                try output.write(block)
                size += Int64(block.count)
            }
        }
        try output.commit()
        return (output.destination, size, hasher.checksum)
    }

    /// Moves an assembled file to its address; when that blob is already there, the copy is dropped instead.
    func publish(_ temporary: String, as key: String) throws {
        let destination = path(ofBlob: key)
        if FileManager.default.fileExists(atPath: destination) {
            unlink(temporary)
            return
        }
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try AtomicFile.publish(temporary, as: destination)
    }

    /// Removes a blob.
    func remove(blob key: String) { unlink(path(ofBlob: key)) }

    /// Removes an upload's parts.
    func removeUpload(_ uuid: String) { try? FileManager.default.removeItem(atPath: folder(ofUpload: uuid)) }

    /// Removes everything not in use: blobs no file refers to, uploads no pending file owns, and temporary files,
    /// including parts cut short in pending uploads.
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
        for uuid in (try? manager.contentsOfDirectory(atPath: uploadsFolder)) ?? [] {
            guard pendingUploads.contains(uuid) else {
                try? manager.removeItem(atPath: folder(ofUpload: uuid))
                removed.uploads += 1
                continue
            }
            // A part that was arriving when the server died is a dot-file: its sender got no ETag and sends it again.
            for name in (try? manager.contentsOfDirectory(atPath: folder(ofUpload: uuid))) ?? [] where name.hasPrefix(".") {
                try? manager.removeItem(atPath: "\(folder(ofUpload: uuid))/\(name)")
            }
        }
        return removed
    }
}

import Foundation
import SciCore

/// A new FITS file of one image (the primary HDU), made in memory and ready to be written: the header blocks, the
/// pixels big-endian and the data unit's padding, in one buffer aligned for `AtomicFile.writeBypassingCache`.
/// Making it is CPU work and writing it is the disk's, so a program can make the next file while this one is being
/// written (`FITSFile.imageFile`). Immutable once made, so it can be handed to another thread.
public final class FITSImageFile: @unchecked Sendable {
    /// The most a file made in memory may hold; larger images are written in pieces by `FITSFile.writeImage`.
    public static let largest = 64 << 20
    private let buffer: UnsafeMutableRawBufferPointer
    /// The file's length in bytes.
    public let count: Int

    /// Takes over `buffer` (allocated with `AtomicFile.directAlignment`), of which the first `count` bytes are
    /// the file.
    init(taking buffer: UnsafeMutableRawBufferPointer, count: Int) {
        self.buffer = buffer
        self.count = count
    }

    deinit { buffer.deallocate() }

    /// Writes the file at `path` as `FITSFile.writeImage` does: under a temporary name renamed into place, an
    /// existing file replaced only when `overwrite` is true, synced first when `durable`.
    public func write(to path: String, overwrite: Bool = false, durable: Bool = true) throws {
        try FITSFile.writing(to: path, overwrite: overwrite, durable: durable) { file in
            try file.writeBypassingCache(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }
}

import Foundation

/// Reads a file in large blocks with plain `read(2)`, so hashing a file costs one buffer whatever its size.
public enum FileBlocks {
    /// Block size: large enough that system calls do not dominate, small enough to stay in cache.
    public static let blockSize = 1 << 20

    /// Calls `body` with each block of the file, optionally only the first `limit` bytes.
    public static func read(path: String, limit: Int64? = nil, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        var remaining = limit ?? Int64.max
        while remaining > 0 {
            let want = Int(min(Int64(blockSize), remaining))
            let count = Foundation.read(fd, buffer.baseAddress, want)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.cannotRead(path, errno: errno)
            }
            if count == 0 { break }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            remaining -= Int64(count)
        }
    }
}

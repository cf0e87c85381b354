import Foundation

/// Small helpers over raw file descriptors, used where Foundation's FileHandle would copy or allocate per call.
public enum FileDescriptor {
    /// Writes every byte, retrying short writes and interrupts.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.cannotWrite(path, errno: errno)
            }
            offset += count
        }
    }

    /// The size of a file, or nil when it does not exist.
    public static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }
}

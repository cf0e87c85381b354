import Foundation
import SciCore

/// An exclusive lock on a file's download, held across processes (`flock` on `PATH.lock`), so two pulls of one
/// product into one cache do not write the same file at once: the second waits, then finds the file cached.
///
/// The lock file is removed on release. A waiter may then hold a lock on a file no longer in the folder, so after
/// each acquisition the lock checks that its file is still the one at the path, and tries again if not.
final class FileLock: Sendable {
    private let fd: Int32
    private let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Waits (without blocking a thread) until the lock at `path` is ours.
    static func acquire(_ path: String) async throws -> FileLock {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileError.cannotWrite(path, errno: errno) }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    close(fd)
                    throw FileError.cannotWrite(path, errno: errno)
                }
                do {
                    try await Task.sleep(for: .milliseconds(20))
                } catch {
                    close(fd)
                    throw error
                }
            }
            var held = stat(), current = stat()
            if fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                return FileLock(fd: fd, path: path)
            }
            close(fd)
        }
    }

    /// Removes the lock file and lets the next waiter in.
    func release() {
        unlink(path)
        close(fd)
    }
}

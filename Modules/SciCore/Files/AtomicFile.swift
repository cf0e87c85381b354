public import Foundation

/// A file written in full or not at all: bytes go to a temporary file in the destination's folder,
/// which is synced and renamed over the destination only on `commit()`. Dropping it uncommitted removes the temporary.
///
/// A destination that is a device, a pipe or a socket (`/dev/null`, `/dev/stdout` on a pipe) is written straight
/// through: there is nothing to replace atomically, and a rename would remove the device node itself. A symbolic link
/// is followed, so the file it points at is replaced and the link stays.
public final class AtomicFile {
    /// Where the file will appear on commit.
    public let destination: String
    /// The temporary file being written (the destination itself when written straight through).
    public let temporaryPath: String
    /// The path renamed over on commit: the destination, or the file a link there points at; nil when written through.
    private let replaced: String?
    private var fd: Int32
    private var finished = false

    /// Starts a new file for `destination` with the given permissions (0600 for secrets).
    public init(destination: String, permissions: mode_t = 0o644) throws {
        self.destination = destination
        var info = stat()
        if stat(destination, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
            fd = open(destination, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileError.cannotWrite(destination, errno: errno) }
            temporaryPath = destination
            replaced = nil
            return
        }
        var target = destination
        if lstat(destination, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let real = realpath(destination, nil) {
            target = String(cString: real)
            free(real)
        }
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError.cannotWrite(destination, errno: errno) }
        fchmod(fd, permissions)
        self.fd = fd
        self.temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.replaced = target
    }

    deinit { discard() }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try FileDescriptor.writeAll(fd, bytes, path: destination)
    }

    /// Appends data.
    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }

    /// Puts the file in place of the destination, first making it durable unless `durable` is false. Without the
    /// syncs the swap is still all-or-nothing for a crashed or killed process; only a power cut may lose the new
    /// version, which suits state that is cheap to rebuild and written often (a pipeline's progress).
    public func commit(durable: Bool = true) throws {
        guard !finished else { return }
        guard let replaced else {
            finished = true
            guard close(fd) == 0 else { throw FileError.cannotWrite(destination, errno: errno) }
            return
        }
        if durable { guard fsync(fd) == 0 else { throw FileError.cannotWrite(destination, errno: errno) } }
        close(fd)
        fd = -1
        finished = true
        try AtomicFile.publish(temporaryPath, as: replaced, durable: durable)
    }

    /// Abandons the file: the destination is untouched and the temporary removed.
    public func discard() {
        guard !finished else { return }
        finished = true
        if fd >= 0 { close(fd) }
        if replaced != nil { unlink(temporaryPath) }
    }

    /// Writes `data` to `path` atomically (see `commit(durable:)`).
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644, durable: Bool = true) throws {
        let file = try AtomicFile(destination: path, permissions: permissions)
        try file.write(data)
        try file.commit(durable: durable)
    }

    /// Renames a finished file over `destination` and syncs the folder, so the rename survives a crash.
    public static func publish(_ source: String, as destination: String, durable: Bool = true) throws {
        guard rename(source, destination) == 0 else {
            let code = errno
            unlink(source)
            throw FileError.cannotWrite(destination, errno: code)
        }
        guard durable else { return }
        let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }
}

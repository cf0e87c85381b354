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

    /// The alignment `writeBypassingCache` needs of its buffer's address.
    public static let directAlignment = 4096

    /// Appends bytes without copying them into the page cache where the file system allows it (O_DIRECT): the
    /// whole 4 KiB blocks go to the device straight from `bytes`, the rest as `write` sends it. For large outputs
    /// written once and not read back soon, such as a pipeline's images: a buffered write copies every byte into
    /// freshly allocated cache pages, which on a virtual machine costs more CPU than making the data did, and the
    /// kernel then throttles writers to the disk's pace. A direct write needs `bytes`' address and the file's
    /// length so far to be multiples of `directAlignment`; otherwise, or where O_DIRECT is refused (some file
    /// systems), it is an ordinary write. (The last part block goes through the cache: zero-filling it and cutting
    /// the file back would make ext4 journal a truncation per file.)
    public func writeBypassingCache(_ bytes: UnsafeRawBufferPointer) throws {
        let whole = bytes.count / Self.directAlignment * Self.directAlignment
        let start = lseek(fd, 0, SEEK_CUR)
        let flags = fcntl(fd, F_GETFL)
        guard whole > 0, let base = bytes.baseAddress, Int(bitPattern: base) % Self.directAlignment == 0, start >= 0,
              start % off_t(Self.directAlignment) == 0, Self.oDirect != 0, flags >= 0, fcntl(fd, F_SETFL, flags | Self.oDirect) == 0
        else { return try write(bytes) }
        var done = 0
        while done < whole {
            let count = Glibc.write(fd, base + done, whole - done)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            done += count
        }
        _ = fcntl(fd, F_SETFL, flags)
        // The part block, and what a device refused part way, go the ordinary way.
        try write(UnsafeRawBufferPointer(rebasing: bytes[done...]))
    }

    /// Linux's O_DIRECT, which Glibc's Swift module leaves out (it needs _GNU_SOURCE); its value depends on the
    /// architecture. Zero elsewhere: no direct writes.
    private static var oDirect: Int32 {
        #if os(Linux) && (arch(x86_64) || arch(i386))
        return 0o40000
        #elseif os(Linux) && (arch(arm64) || arch(arm))
        return 0o200000
        #else
        return 0
        #endif
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

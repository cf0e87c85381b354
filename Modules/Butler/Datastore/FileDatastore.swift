import Foundation

/// The POSIX datastore: files under the repository root, placed by file templates and transfer modes.
struct FileDatastore: Sendable {
    /// The repository root (absolute).
    let root: String

    /// The absolute path of a stored `path` (relative to the root, or a `file://` URI for `direct`).
    func absolutePath(_ path: String) -> String {
        if path.hasPrefix("file://") { return String(path.dropFirst("file://".count)) }
        if path.hasPrefix("/") { return path }
        return root + "/" + path
    }

    /// Whether `path` (absolute) lies inside the root.
    func contains(_ path: String) -> Bool { path.hasPrefix(root + "/") }

    /// Puts `source` at `relative` (under the root) by `mode`; returns what the registry records. `move` links
    /// only: the caller removes the source after committing, so a failed ingest leaves it where it was.
    func transfer(_ source: String, to relative: String, mode: TransferMode, directories: inout Set<String>) throws -> String {
        let destination = root + "/" + relative
        if mode == .direct { return "file://" + source }
        if mode == .auto, contains(source) { return String(source.dropFirst(root.count + 1)) }
        let folder = destination.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(destination[..<$0]) } ?? root
        if !directories.contains(folder) {
            // One mkdir for the usual new folder in an existing one; FileManager makes the missing parents.
            if mkdir(folder, 0o777) != 0, errno != EEXIST {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            directories.insert(folder)
        }
        // A leftover from an interrupted ingest may sit here; it is in no registry row, so replacing it is safe. It is
        // removed only when a link finds it (a copy renames over it), which saves a system call per file.
        func replacing(_ place: () -> Int32) -> Int32 {
            let result = place()
            guard result != 0, errno == EEXIST else { return result }
            unlink(destination)
            return place()
        }
        switch mode {
        case .copy: try copy(source, to: destination)
        case .hardlink: try check(replacing { link(source, destination) }, "hard-link", source)
        case .symlink: try check(replacing { symlink(source, destination) }, "symlink", source)
        case .relsymlink:
            let target = relativePath(from: folder, to: source)
            try check(replacing { symlink(target, destination) }, "symlink", source)
        case .link, .auto, .move:
            if replacing({ link(source, destination) }) != 0 {
                if mode == .move { try copy(source, to: destination) } else {
                    try check(replacing { symlink(source, destination) }, "link", source)
                }
            }
        case .direct: break
        }
        return relative
    }

    /// Removes stored files (not `direct` ones, which the repository does not own) and the folders left empty.
    func remove(_ paths: [String]) {
        for path in paths where !path.hasPrefix("file://") {
            let absolute = absolutePath(path)
            unlink(absolute)
            var folder = (absolute as NSString).deletingLastPathComponent
            while contains(folder), rmdir(folder) == 0 { folder = (folder as NSString).deletingLastPathComponent }
        }
    }

    private func check(_ result: Int32, _ what: String, _ source: String) throws {
        guard result == 0 else { throw ButlerError.datastore("cannot \(what) \(source): \(String(cString: strerror(errno)))") }
    }

    /// Copies in place. No temporary name is needed: no registry row points at the destination until the ingest
    /// commits, a failed copy removes it, and the ingest journal removes it if the process dies (a rename per file
    /// cost more than the copy of a small file).
    private func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw ButlerError.datastore("cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard output >= 0 else { throw ButlerError.datastore("cannot write \(destination): \(String(cString: strerror(errno)))") }
        // Uninitialised scratch space: a zero-filled 64 KiB array per file cost more than copying a small file.
        let copied = withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer -> Bool in
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count == 0 { return true }
                guard count > 0, write(output, buffer.baseAddress, count) == count else { return false }
            }
        }
        guard close(output) == 0, copied else {
            unlink(destination)
            throw ButlerError.datastore("cannot copy \(source): \(String(cString: strerror(errno)))")
        }
    }

    private func relativePath(from folder: String, to target: String) -> String {
        let from = folder.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }
}

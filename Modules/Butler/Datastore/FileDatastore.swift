import Foundation

/// The POSIX datastore: files under the repository root, placed by file templates and transfer modes.
struct FileDatastore: Datastore {
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

    func uri(of path: String) -> String { "file://" + absolutePath(path) }

    func pathInside(_ source: String) -> String? { contains(source) ? String(source.dropFirst(root.count + 1)) : nil }

    func directPath(for source: String) -> String { "file://" + source }

    func check(_ mode: TransferMode, sources: [String]) throws {
        if let remote = sources.first(where: { $0.hasPrefix("s3://") }) {
            throw ButlerError.datastore(
                "cannot ingest \(remote) into a datastore in a local folder; objects in S3 go into a repository whose datastore.root is s3://")
        }
    }

    func sizes(of sources: [String?]) throws -> [Int64?] { Self.sizes(of: sources) }

    func write(_ object: DatasetObject, with formatter: any DatasetFormatter, at path: String) throws -> Int64 {
        let destination = absolutePath(path)
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try formatter.write(object, to: destination)
        var info = stat()
        guard stat(destination, &info) == 0 else { throw ButlerError.datastore("cannot read back \(destination)") }
        return Int64(info.st_size)
    }

    func read(_ path: String, with formatter: any DatasetFormatter) throws -> DatasetObject {
        try formatter.read(from: absolutePath(path))
    }

    func retrieve(_ files: [(path: String, target: String)]) throws {
        for (path, target) in files {
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.copyItem(atPath: absolutePath(path), toPath: target)
        }
    }

    func removeSources(_ sources: [String]) {
        for source in sources { unlink(source) }
    }

    func recover(_ paths: [String]) throws { remove(paths) }

    /// Makes the folder `relative` goes into, once per folder (`directories` remembers those made or seen).
    func prepareFolder(for relative: String, directories: inout Set<String>) throws {
        let destination = root + "/" + relative
        let folder = destination.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(destination[..<$0]) } ?? root
        guard !directories.contains(folder) else { return }
        // One mkdir for the usual new folder in an existing one; FileManager makes the missing parents.
        if mkdir(folder, 0o777) != 0, errno != EEXIST {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        directories.insert(folder)
    }

    /// Puts `source` at `relative` (under the root, whose folder exists: `prepareFolder`) by `mode`. `move` links
    /// only: the caller removes the source after committing, so a failed ingest leaves it where it was. Safe to call
    /// for different destinations at once.
    ///
    /// A file already at the destination is never replaced: leftovers of killed ingests are gone once the repository
    /// is open (the journals), so it belongs to a dataset already stored, and an ingest that collides with it fails
    /// without touching it.
    func place(_ source: String, at relative: String, mode: TransferMode) throws {
        let destination = root + "/" + relative
        switch mode {
        case .copy: try copy(source, to: destination)
        case .hardlink: try check(link(source, destination), "hard-link", source, destination)
        case .symlink: try check(symlink(source, destination), "symlink", source, destination)
        case .relsymlink:
            let folder = destination.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(destination[..<$0]) } ?? root
            try check(symlink(relativePath(from: folder, to: source), destination), "symlink", source, destination)
        case .link, .auto, .move:
            // A hard link when source and repository share a file system, else a copy (move) or a symbolic link.
            guard link(source, destination) != 0 else { return }
            try check(-1, "link", source, destination, unlessCrossDevice: true)
            if mode == .move { try copy(source, to: destination) } else { try check(symlink(source, destination), "link", source, destination) }
        case .direct: break
        }
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

    private func check(_ result: Int32, _ what: String, _ source: String, _ destination: String, unlessCrossDevice: Bool = false) throws {
        guard result != 0 else { return }
        let code = errno
        if unlessCrossDevice, code == EXDEV || code == EPERM { return }
        if code == EEXIST {
            throw ButlerError.datastore(
                "cannot \(what) \(source): \(destination) already exists and is kept; fix the file template, or remove that file if no dataset uses it")
        }
        throw ButlerError.datastore("cannot \(what) \(source): \(String(cString: strerror(code)))")
    }

    /// Copies in place. No temporary name is needed: no registry row points at the destination until the ingest
    /// commits, a failed copy removes it, and the ingest journal removes it if the process dies (a rename per file
    /// cost more than the copy of a small file).
    private func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw ButlerError.datastore("cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard output >= 0 else { try check(-1, "copy", source, destination); return }
        // Uninitialised scratch space: a zero-filled 64 KiB array per file cost more than copying a small file.
        let copied = withUnsafeTemporaryAllocation(byteCount: 1 << 16, alignment: 16) { buffer -> Bool in
            while true {
                let count = Glibc.read(input, buffer.baseAddress, buffer.count)
                if count == 0 { return true }
                guard count > 0, Glibc.write(output, buffer.baseAddress, count) == count else { return false }
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

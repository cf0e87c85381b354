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
        let folder = (destination as NSString).deletingLastPathComponent
        if !directories.contains(folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            directories.insert(folder)
        }
        // A leftover from an interrupted ingest may sit here; it is in no registry row, so replacing it is safe.
        unlink(destination)
        switch mode {
        case .copy: try copy(source, to: destination)
        case .hardlink: try check(link(source, destination), "hard-link", source)
        case .symlink: try check(symlink(source, destination), "symlink", source)
        case .relsymlink: try check(symlink(relativePath(from: folder, to: source), destination), "symlink", source)
        case .link, .auto, .move:
            if link(source, destination) != 0 {
                if mode == .move { try copy(source, to: destination) } else { try check(symlink(source, destination), "link", source) }
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

    /// Copies through a temporary name and renames, so the destination is whole or absent.
    private func copy(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw ButlerError.datastore("cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let temporary = destination + ".transfer-tmp"
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard output >= 0 else { throw ButlerError.datastore("cannot write \(destination): \(String(cString: strerror(errno)))") }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            let written = count > 0 ? buffer.withUnsafeBytes { write(output, $0.baseAddress, count) } : -1
            guard count > 0, written == count else {
                close(output)
                unlink(temporary)
                throw ButlerError.datastore("cannot copy \(source): \(String(cString: strerror(errno)))")
            }
        }
        close(output)
        try check(rename(temporary, destination), "place", source)
    }

    private func relativePath(from folder: String, to target: String) -> String {
        let from = folder.split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }
}

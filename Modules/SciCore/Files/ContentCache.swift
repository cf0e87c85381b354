public import Foundation

/// A folder of files addressed by checksum (`ROOT/xxh64/ab/abcdef….`), each verified on the way in, with a size limit
/// enforced by evicting the least recently used entries. Identical content is stored once.
public struct ContentCache: Sendable {
    /// One cached file.
    public struct Entry: Sendable, Hashable {
        /// The content's checksum, which is also its address.
        public var checksum: Checksum
        /// The path of the cached file.
        public var path: String
        /// Its size in bytes.
        public var size: Int64
        /// When it was last stored or used.
        public var lastUsed: Date
    }

    /// The cache folder.
    public let root: String
    /// The most bytes the cache keeps; nil for no limit.
    public let sizeLimit: Int64?

    /// A cache in `root`, created when first written.
    public init(root: String, sizeLimit: Int64? = nil) {
        self.root = root
        self.sizeLimit = sizeLimit
    }

    /// `$XDG_CACHE_HOME/sci/NAME`.
    public static func defaultRoot(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(XDG.cacheHome(environment: environment))/sci/\(name)"
    }

    /// Where content with this checksum lives (whether or not it is there).
    public func path(for checksum: Checksum) -> String {
        "\(root)/\(checksum.algorithm)/\(checksum.hex.prefix(2))/\(checksum.hex)"
    }

    /// The cached file for a checksum, re-hashed first when `verify` is on; a corrupt entry is removed and nil returned.
    public func lookup(_ checksum: Checksum, verify: Bool = true) throws -> String? {
        let path = path(for: checksum)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        if verify, try Checksum.xxh64(ofFileAt: path) != checksum {
            unlink(path)
            return nil
        }
        utimes(path, nil)  // marks it used, for least-recently-used eviction
        return path
    }

    /// Stores a file under its checksum after checking that its content has it; `move` takes the file instead of copying.
    @discardableResult
    public func store(file source: String, checksum: Checksum, move: Bool = false) throws -> String {
        let actual = try Checksum.xxh64(ofFileAt: source)
        guard actual == checksum else {
            throw SciError("\(source) has checksum \(actual), expected \(checksum)", hint: "the file changed or is corrupt")
        }
        let destination = path(for: checksum)
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if move {
            try AtomicFile.publish(source, as: destination)
        } else {
            let file = try AtomicFile(destination: destination)
            try FileBlocks.read(path: source) { try file.write($0) }
            try file.commit()
        }
        try enforceLimit(keeping: checksum)
        return destination
    }

    /// Every entry, most recently used first.
    public func entries() -> [Entry] {
        var result: [Entry] = []
        let fm = FileManager.default
        for algorithm in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            for prefix in (try? fm.contentsOfDirectory(atPath: "\(root)/\(algorithm)")) ?? [] {
                let folder = "\(root)/\(algorithm)/\(prefix)"
                for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
                    var info = stat()
                    guard stat("\(folder)/\(name)", &info) == 0 else { continue }
                    result.append(Entry(
                        checksum: Checksum(algorithm: algorithm, hex: name), path: "\(folder)/\(name)",
                        size: Int64(info.st_size),
                        lastUsed: Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))))
                }
            }
        }
        return result.sorted { $0.lastUsed > $1.lastUsed }
    }

    /// Total bytes held.
    public var totalSize: Int64 { entries().reduce(0) { $0 + $1.size } }

    /// Re-hashes every entry and removes those whose content no longer matches their address; returns the removed ones.
    @discardableResult
    public func verify() throws -> [Entry] {
        var corrupt: [Entry] = []
        for entry in entries() where try Checksum.xxh64(ofFileAt: entry.path) != entry.checksum {
            unlink(entry.path)
            corrupt.append(entry)
        }
        return corrupt
    }

    /// Removes everything.
    public func clear() throws {
        guard FileManager.default.fileExists(atPath: root) else { return }
        try FileManager.default.removeItem(atPath: root)
    }

    /// Evicts least recently used entries until the cache fits its limit, never the one just stored.
    private func enforceLimit(keeping kept: Checksum) throws {
        guard let sizeLimit else { return }
        var all = entries()
        var total = all.reduce(0) { $0 + $1.size }
        while total > sizeLimit, let oldest = all.popLast() {
            if oldest.checksum == kept { continue }
            unlink(oldest.path)
            total -= oldest.size
        }
    }
}

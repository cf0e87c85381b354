import Foundation
import GRDB
public import SciCore
import Synchronization

/// Local copies of source files, in the layout hippoclient uses so both clients share one cache: each folder holds
/// `cache.db` (table `sources(id, path, checksum, size, available)`, keyed by the file's uuid) and the files at
/// `uploader/uuid/name`. Unlike hippoclient, an entry is re-hashed before use, and a corrupt or partial one is
/// dropped so the file is fetched again.
public struct SourceCache: Sendable {
    /// One cached file.
    public struct Entry: Sendable, Hashable {
        /// The file's uuid.
        public var uuid: String
        /// Its absolute path.
        public var path: String
        /// `xxh64:<16 hex>` as the server gave it.
        public var checksum: String
        /// Size in bytes.
        public var size: Int64
        /// The cache folder holding it.
        public var folder: String
    }

    /// The cache folders, in priority order; new files go to the first writable one.
    public let folders: [String]

    /// A cache over these folders.
    public init(folders: [String]) { self.folders = folders }

    /// The verified local copy of a file, or nil. A copy whose bytes no longer match its checksum is removed.
    public func lookup(_ file: FileRecord) throws -> String? {
        for folder in folders where FileManager.default.fileExists(atPath: "\(folder)/cache.db") {
            guard let entry = try Self.entry(file.uuid, in: folder) else { continue }
            guard FileManager.default.fileExists(atPath: entry.path), (try? Checksum.xxh64(ofFileAt: entry.path).description) == file.checksum else {
                try remove(entry)
                continue
            }
            return entry.path
        }
        return nil
    }

    /// The local copy of a file: the verified cached one, or a fresh download (`fetch` writes to the path it is
    /// given, checked against the checksum; an interrupted download resumes next time).
    /// The file's place in the cache comes from the server (its object name), so a name that would leave the cache
    /// folder is refused before anything is written. Another process (or task) fetching the same file is waited
    /// for, and its copy used.
    public func realize(_ file: FileRecord, fetch: (String) async throws -> Void) async throws -> (path: String, cached: Bool) {
        let relative = try SafePath.relative(file.cachePath, "the object name")
        if let path = try lookup(file) { return (path, true) }
        let folder = try writableFolder()
        try file.checkDownload(into: folder)
        let path = "\(folder)/\(relative)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire(path + ".lock")
        defer { lock.release() }
        if let cached = try lookup(file) { return (cached, true) }
        try await fetch(path)
        try await Self.database(folder).write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO sources (id, path, checksum, size, available) VALUES (?, ?, ?, ?, 1)",
                arguments: [file.uuid, relative, file.checksum, file.size])
        }
        return (path, false)
    }

    /// Every entry of every folder.
    public func entries() throws -> [Entry] {
        try folders.filter { FileManager.default.fileExists(atPath: "\($0)/cache.db") }.flatMap { folder in
            try Self.database(folder).read { db in
                try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM sources WHERE available = 1 ORDER BY path").compactMap {
                    // hippoclient stores the server's object name as it came: a row that would leave the folder is no entry.
                    guard let relative = $0[1] as String?, (try? SafePath.relative(relative, "")) != nil else { return nil }
                    return Entry(uuid: $0[0], path: "\(folder)/\(relative)", checksum: $0[2], size: $0[3], folder: folder)
                }
            }
        }
    }

    /// Re-hashes every entry; returns the corrupt or missing ones, which are removed.
    public func verify(progress: any ProgressReporter = SilentProgress()) throws -> [Entry] {
        let all = try entries()
        progress.start(label: "verifying", total: Int64(all.count), unit: .items)
        var bad: [Entry] = []
        for (index, entry) in all.enumerated() {
            if (try? Checksum.xxh64(ofFileAt: entry.path).description) != entry.checksum {
                bad.append(entry)
                try remove(entry)
            }
            progress.update(completed: Int64(index + 1), total: nil)
        }
        progress.finish()
        return bad
    }

    /// Removes one entry and its file.
    public func remove(_ entry: Entry) throws {
        try? FileManager.default.removeItem(atPath: entry.path)
        rmdir((entry.path as NSString).deletingLastPathComponent)
        try Self.database(entry.folder).write { db in try db.execute(sql: "DELETE FROM sources WHERE id = ?", arguments: [entry.uuid]) }
    }

    /// Removes every entry whose uuid is given, or all of them; returns how many went.
    @discardableResult
    public func clear(uuids: Set<String>? = nil) throws -> Int {
        let doomed = try entries().filter { uuids?.contains($0.uuid) ?? true }
        for entry in doomed { try remove(entry) }
        return doomed.count
    }

    private func writableFolder() throws -> String {
        for folder in folders {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if access(folder, W_OK) == 0 { return folder }
        }
        throw SciError(
            "none of the cache folders can be written: \(folders.joined(separator: ", "))",
            hint: "add a writable folder to \"caches\" in ~/.hippo.conf or set henry.cache")
    }

    /// The columns of an entry, converted by SQLite: hippoclient's table has no column types, and GRDB traps on a
    /// value it cannot convert, so a row another program wrote oddly must not reach it unconverted.
    private static let columns = """
        COALESCE(CAST(id AS TEXT), ''), CAST(path AS TEXT), COALESCE(CAST(checksum AS TEXT), ''), COALESCE(CAST(size AS INTEGER), 0)
        """

    private static func entry(_ uuid: String, in folder: String) throws -> Entry? {
        try database(folder).read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM sources WHERE id = ? AND available = 1", arguments: [uuid]).flatMap {
                guard let relative = $0[1] as String?, (try? SafePath.relative(relative, "")) != nil else { return nil }
                return Entry(uuid: uuid, path: "\(folder)/\(relative)", checksum: $0[2], size: $0[3], folder: folder)
            }
        }
    }

    /// The folder's `cache.db`, with hippoclient's table: one connection per folder in this process, waiting for
    /// other processes (another sci, hippoclient) rather than failing while they write.
    private static func database(_ folder: String) throws -> DatabaseQueue {
        try openQueues.withLock { queues in
            if let queue = queues[folder] { return queue }
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            let queue = try DatabaseQueue(path: "\(folder)/cache.db", configuration: configuration)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS sources (id PRIMARY KEY, path, checksum, size, available)")
            }
            queues[folder] = queue
            return queue
        }
    }

    private static let openQueues = Mutex<[String: DatabaseQueue]>([:])
}

import Foundation

/// The resume file of a listing, kept so that a listing killed at any moment (SIGKILL included) carries on with no
/// row lost or repeated. Two files:
/// - `STATE.rows`: the rows written so far, one JSON object a line, only ever appended to;
/// - `STATE`: one JSON line, the checkpoint (`PagingCheckpoint`) and how many bytes of `STATE.rows` it covers, with
///   what identifies the listing (endpoint and filters) so another listing's state is refused.
///
/// After each page, `record` appends the page's rows and syncs them, then replaces `STATE` atomically (written to
/// `STATE.tmp`, synced, renamed over `STATE`). Whatever moment a run dies at, `STATE` names a prefix of
/// `STATE.rows` that holds whole pages; on resume, bytes past it (a page written but not checkpointed) are cut off
/// and fetched again. The rows are read back with `forEachSavedRow` (every line is checked before the first is
/// given, so a damaged file prints nothing), and `complete()` removes both files. One run at a time holds a state:
/// a second is refused rather than interleaving pages.
public final class ListingState {
    /// The checkpoint file.
    public let path: String
    /// What identifies the listing; a state saved for anything else is refused.
    public let listing: JSONValue
    /// The pages and rows saved so far; the default checkpoint when starting afresh.
    public private(set) var checkpoint = PagingCheckpoint()
    private var bytes: Int64 = 0
    private var fd: Int32

    /// The rows file, `STATE.rows`.
    public var rowsPath: String { path + ".rows" }
    /// Where the next checkpoint is written before it is renamed over `path`: a fixed name, so a run killed while
    /// writing it leaves nothing that accumulates (the next run overwrites or removes it).
    private var temporaryPath: String { path + ".tmp" }

    /// Opens (or creates) the state of `listing` at `path`, checking a saved one whole before anything is read
    /// from it, and cutting `STATE.rows` back to the saved checkpoint.
    public init(path: String, listing: JSONValue) throws {
        self.path = path
        self.listing = listing
        let rowsPath = path + ".rows"
        fd = open(rowsPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.cannotOpen(rowsPath, errno: errno) }
        do {
            try Self.lock(fd, path: path, rowsPath: rowsPath)
            unlink(temporaryPath)
            if let saved = try Self.readCheckpoint(path) {
                try adopt(saved)
            }
            guard ftruncate(fd, off_t(bytes)) == 0 else { throw FileError.cannotWrite(rowsPath, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether rows of an earlier run were saved.
    public var isResumed: Bool { checkpoint.pages > 0 }

    /// Gives the saved rows in order (they were all checked when the state was opened).
    public func forEachSavedRow(_ body: ([String: JSONValue]) throws -> Void) throws {
        try forEachLine { line in
            guard case .object(let row) = try JSONParser.parse(line) else {
                throw Self.damaged(rowsPath, "a saved row is not a JSON object", remove: [path, rowsPath])
            }
            try body(row)
        }
    }

    /// Saves one page: appends its rows to `STATE.rows` and syncs them, then replaces the checkpoint atomically.
    /// `checkpoint` is where the listing stands once these rows are written.
    public func record(_ rows: [[String: JSONValue]], checkpoint: PagingCheckpoint) throws {
        var data = Data()
        data.reserveCapacity(rows.count * 256)
        for row in rows {
            data.append(contentsOf: JSONValue.object(row).jsonString().utf8)
            data.append(UInt8(ascii: "\n"))
        }
        let (end, overflow) = bytes.addingReportingOverflow(Int64(data.count))
        guard !overflow else { throw SciError("\(rowsPath) would grow past \(Int64.max) bytes") }
        // Written at the checkpoint's end rather than appended: after a failed write, the next page overwrites the
        // bytes no checkpoint covers.
        guard lseek(fd, off_t(bytes), SEEK_SET) >= 0 else { throw FileError.cannotWrite(rowsPath, errno: errno) }
        try data.withUnsafeBytes { try FileDescriptor.writeAll(fd, $0, path: rowsPath) }
        // On disk before the checkpoint that counts them, so that no checkpoint, even after a power cut, covers
        // bytes that are not there.
        guard Self.syncData(fd) else { throw FileError.cannotWrite(rowsPath, errno: errno) }
        try writeCheckpoint(checkpoint, bytes: end)
        self.checkpoint = checkpoint
        bytes = end
    }

    /// The listing ended (or reached its page limit): removes the state, the checkpoint first so that a run killed
    /// in between starts afresh rather than from rows without a checkpoint.
    public func complete() throws {
        for file in [path, temporaryPath, rowsPath] where unlink(file) != 0 && errno != ENOENT {
            throw FileError.cannotWrite(file, errno: errno)
        }
    }

    // MARK: The checkpoint file

    private static let format = "sci listing state 1"

    private static func readCheckpoint(_ path: String) throws -> [String: JSONValue]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        guard case .object(let saved)? = try? JSONParser.parse(data), saved["format"]?.stringValue == format else {
            throw damaged(path, "it is not a listing state sci wrote")
        }
        return saved
    }

    private func adopt(_ saved: [String: JSONValue]) throws {
        guard saved["listing"] == listing else {
            throw SciError("\(path) was saved by another listing (\(saved["listing"]?.jsonString() ?? "none"))",
                           hint: "run the same command as before, or remove \(path) and \(rowsPath) to start afresh")
        }
        func count(_ key: String) throws -> Int64 {
            guard let value = saved[key]?.intValue, value >= 0 else { throw Self.damaged(path, "its \(key) is not a count") }
            return value
        }
        let cursor: String?
        switch saved["cursor"] {
        case .string(let text)?: cursor = text
        case .null?: cursor = nil
        default: throw Self.damaged(path, "its cursor is missing")
        }
        guard case .bool(let finished)? = saved["finished"] else { throw Self.damaged(path, "it does not say whether the listing ended") }
        guard let pages = Int(exactly: try count("pages")), let rows = Int(exactly: try count("rows")) else {
            throw Self.damaged(path, "its counts are too large")
        }
        let bytes = try count("bytes")
        guard finished || cursor != nil || pages == 0 else { throw Self.damaged(path, "it has neither a cursor nor an end") }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError.cannotRead(rowsPath, errno: errno) }
        guard Int64(info.st_size) >= bytes else {
            throw Self.damaged(rowsPath, "it holds \(info.st_size) bytes where \(path) saved \(bytes): it was cut short",
                               remove: [path, rowsPath])
        }
        self.bytes = bytes
        // Every saved row is read once now, so that a damaged file is refused before any row is printed.
        var lines = 0
        do {
            try forEachLine { line in
                guard case .object = try JSONParser.parse(line) else { throw Self.damaged(rowsPath, "row \(lines + 1) is not a JSON object", remove: [path, rowsPath]) }
                lines += 1
            }
        } catch let error as SciError {
            throw error
        } catch {
            throw Self.damaged(rowsPath, "row \(lines + 1) is not JSON", remove: [path, rowsPath])
        }
        guard lines == rows else {
            throw Self.damaged(rowsPath, "it holds \(lines) rows where \(path) saved \(rows)", remove: [path, rowsPath])
        }
        checkpoint = PagingCheckpoint(cursor: cursor, pages: pages, rows: rows, finished: finished)
    }

    private func writeCheckpoint(_ checkpoint: PagingCheckpoint, bytes: Int64) throws {
        let saved: JSONValue = [
            "format": .string(Self.format), "listing": listing, "cursor": checkpoint.cursor.map { .string($0) } ?? .null,
            "pages": .int(Int64(checkpoint.pages)), "rows": .int(Int64(checkpoint.rows)), "bytes": .int(bytes),
            "finished": .bool(checkpoint.finished),
        ]
        let data = Data((saved.jsonString() + "\n").utf8)
        let out = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw FileError.cannotWrite(temporaryPath, errno: errno) }
        do {
            try data.withUnsafeBytes { try FileDescriptor.writeAll(out, $0, path: temporaryPath) }
            guard Self.syncData(out) else { throw FileError.cannotWrite(temporaryPath, errno: errno) }
        } catch {
            close(out)
            unlink(temporaryPath)
            throw error
        }
        close(out)
        // The folder is synced only for the first checkpoint: a later rename lost to a power cut leaves an earlier
        // checkpoint, which still names a prefix of the rows (they are only ever appended), so the listing stays
        // consistent and only repeats a few pages' fetches. Syncing it after every page would triple the cost.
        try AtomicFile.publish(temporaryPath, as: path, durable: self.checkpoint.pages == 0)
    }

    /// Takes the state for this run. A lock that is held is asked for again for up to a second before it counts as
    /// another run's: a process this one is starting holds a copy of every descriptor (the lock included) until it
    /// has executed its program, so a state closed a moment ago may still look held.
    private static func lock(_ fd: Int32, path: String, rowsPath: String) throws {
        for attempt in 0..<100 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            guard errno == EWOULDBLOCK || errno == EINTR else { throw FileError.cannotOpen(rowsPath, errno: errno) }
            if attempt < 99 { usleep(10_000) }
        }
        throw SciError("another listing is using \(path)", hint: "wait for it to finish, or name another resume file")
    }

    /// Syncs a file's bytes and size (not its times, which nothing here reads back).
    private static func syncData(_ fd: Int32) -> Bool {
        #if canImport(Glibc)
        return fdatasync(fd) == 0
        #else
        return fsync(fd) == 0
        #endif
    }

    private static func damaged(_ file: String, _ reason: String, remove: [String]? = nil) -> SciError {
        let files = remove ?? [file]
        return SciError("the resume file \(file) is damaged: \(reason)",
                        hint: "remove \(files.joined(separator: " and ")) to start the listing afresh")
    }

    /// Each line of the first `bytes` of `STATE.rows`.
    private func forEachLine(_ body: (Data) throws -> Void) throws {
        var offset: Int64 = 0
        var pending = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while offset < bytes {
            let want = Int(min(Int64(chunk.count), bytes - offset))
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw count == 0 ? Self.damaged(rowsPath, "it ends before \(bytes) bytes", remove: [path, rowsPath])
                    : FileError.cannotRead(rowsPath, errno: errno)
            }
            offset += Int64(count)
            pending.append(contentsOf: chunk[0..<count])
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try body(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        guard pending.isEmpty else { throw Self.damaged(rowsPath, "its last saved row is cut short", remove: [path, rowsPath]) }
    }
}

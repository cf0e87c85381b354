internal import CFITSIO
import Foundation
import SciCore

/// An open FITS file: its HDUs, their headers and their images.
///
/// A `FITSFile` wraps one cfitsio handle, which keeps a read position and buffers per file and is not safe to use
/// from two threads at once; the class is therefore not `Sendable`: use each instance from one task at a time.
/// cfitsio also shares one handle among all opens of the same file in a process, so do not open one file
/// twice from different tasks, and close a read-only `FITSFile` before opening the same file read-write.
/// It closes itself when released, but only `close()` reports errors, and a file made with `create` is kept only
/// when `close()` succeeds: it is written under a temporary name and renamed into place then, so a failed or
/// abandoned write leaves nothing half-written. HDUs are numbered from 0, as in astropy.
public final class FITSFile {
    /// How an existing file is opened.
    public enum Mode: Sendable {
        /// Headers and images can be read, nothing changed.
        case readOnly
        /// Headers can be changed and HDUs appended in place.
        case readWrite
    }

    /// The file, as the caller named it.
    public let path: String
    /// Whether changes are allowed.
    public let mode: Mode
    private var handle: UnsafeMutablePointer<fitsfile>?
    /// For a new file, where it is written until `close()` renames it to `path`.
    let temporaryPath: String?
    /// For a file built in memory, cfitsio's buffer and its size, which cfitsio reallocates as the file grows.
    private var memory: (buffer: UnsafeMutablePointer<UnsafeMutableRawPointer?>, size: UnsafeMutablePointer<Int>)?
    private let overwrite: Bool
    /// For a new file, whether `close()` syncs it to disk before renaming it into place.
    private let durable: Bool
    /// cfitsio counts an appended HDU only once its header is flushed; until then we count it ourselves.
    private var appendedHDUs = 0

    /// Opens an existing FITS file; the path is taken literally (no cfitsio `file.fits[1]` syntax).
    public init(_ path: String, mode: Mode = .readOnly) throws {
        self.path = path
        self.mode = mode
        self.temporaryPath = nil
        self.overwrite = false
        self.durable = true
        var pointer: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        // The disk variant opens the name as given; ffopen would read brackets and `!` as cfitsio syntax.
        ffdkopn(&pointer, path, mode == .readWrite ? READWRITE : READONLY, &status)
        guard status == 0, let pointer else {
            if let pointer { var ignored: Int32 = 0; ffclos(pointer, &ignored) }
            throw FITSError("cannot open", path, FITSFile.openFailure(path, status: status, mode: mode))
        }
        handle = pointer
    }

    private init(creating path: String, overwrite: Bool, durable: Bool) throws {
        self.path = path
        self.mode = .readWrite
        self.overwrite = overwrite
        self.durable = durable
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw FITSError("cannot create", path, .alreadyExists)
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UInt64.random(in: 0...UInt64.max))").path
        var pointer: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        ffdkinit(&pointer, temporary, &status)
        guard status == 0, let pointer else {
            ffcmsg()
            throw FITSError("cannot create", path, FITSFile.createFailure(path))
        }
        handle = pointer
        temporaryPath = temporary
    }

    /// A new FITS file in memory, where headers are formatted by cfitsio without touching the disk; `path` names the
    /// file it is for in errors.
    init(inMemoryFor path: String) throws {
        self.path = path
        self.mode = .readWrite
        self.temporaryPath = nil
        self.overwrite = false
        self.durable = false
        let buffer = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)
        buffer.initialize(to: malloc(2880))
        let size = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        size.initialize(to: 2880)
        memory = (buffer, size)
        var pointer: UnsafeMutablePointer<fitsfile>?
        var status: Int32 = 0
        ffimem(&pointer, buffer, size, 2880, realloc, &status)
        guard status == 0, let pointer else {
            ffcmsg()
            throw FITSError("cannot create", path, FITSFile.libraryReason(status == 0 ? MEMORY_ALLOCATION : status))
        }
        handle = pointer
    }

    /// Starts a new FITS file; it appears at `path` only when `close()` succeeds. An existing file is replaced
    /// only when `overwrite` is true. With `durable` false, `close()` renames it into place without syncing it to
    /// disk first, for a caller that syncs its files itself later (a batch of pipeline outputs before one commit).
    public static func create(_ path: String, overwrite: Bool = false, durable: Bool = true) throws -> FITSFile {
        try FITSFile(creating: path, overwrite: overwrite, durable: durable)
    }

    deinit {
        defer { releaseMemory() }
        guard let handle else { return }
        var status: Int32 = 0
        ffclos(handle, &status)
        ffcmsg()
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Frees the buffer of a file built in memory, once cfitsio has let go of it.
    private func releaseMemory() {
        guard let memory else { return }
        free(memory.buffer.pointee)
        memory.buffer.deallocate()
        memory.size.deallocate()
        self.memory = nil
    }

    /// Writes out every change and closes the file; a new file is synced and renamed into place.
    /// Closing twice does nothing; any other use after closing throws.
    public func close() throws {
        guard let handle else { return }
        let isEmpty = temporaryPath != nil && (try? hduCount()) == 0
        self.handle = nil
        var status: Int32 = 0
        ffclos(handle, &status)
        releaseMemory()
        guard let temporaryPath else {
            if status != 0 { throw failure("cannot save", status) }
            return
        }
        do {
            if status != 0 { throw failure("cannot write", status) }
            if isEmpty { throw FITSError("cannot write", path, .invalidHeader("no HDU was added to the file")) }
            if durable { try FITSFile.sync(temporaryPath, path) }
            if !overwrite, FileManager.default.fileExists(atPath: path) {
                throw FITSError("cannot create", path, .alreadyExists)
            }
            try AtomicFile.publish(temporaryPath, as: path, durable: durable)
        } catch let error as FileError {
            unlink(temporaryPath)
            if case .cannotWrite(_, let code) = error { throw FITSError("cannot write", path, .system(FITSFile.text(errno: code))) }
            throw error
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// The number of HDUs.
    public func hduCount() throws -> Int {
        let handle = try liveHandle("cannot count the HDUs of")
        var count: Int32 = 0
        var status: Int32 = 0
        ffthdu(handle, &count, &status)
        if status != 0 { throw failure("cannot count the HDUs of", status) }
        return max(Int(count), appendedHDUs)
    }

    /// A summary of every HDU: its index, kind, EXTNAME, dimensions and pixel type.
    public func hdus() throws -> [HDUInfo] {
        try (0..<hduCount()).map { try info(at: $0) }
    }

    /// A summary of one HDU.
    public func info(at index: Int) throws -> HDUInfo {
        let action = "cannot read HDU \(index) of"
        let handle = try move(to: index, action)
        var status: Int32 = 0
        let kind = try self.kind(at: index, action)
        let naxis = try integerKeyword("NAXIS", handle, action) ?? 0
        let dimensions = try (0..<max(naxis, 0)).map { try integerKeyword("NAXIS\($0 + 1)", handle, action) ?? 0 }
        var pixelType: FITSPixelType?
        if kind == .image, naxis > 0 {
            var code: Int32 = 0
            ffgiet(handle, &code, &status)
            if status != 0 { throw failure(action, status) }
            pixelType = FITSPixelType(bitpix: code)
        }
        return HDUInfo(index: index, kind: kind, name: try stringKeyword("EXTNAME", handle, action),
                       dimensions: dimensions, pixelType: pixelType)
    }

    // MARK: Shared with the header and image extensions

    /// The handle, or an error when the file was closed.
    func liveHandle(_ action: String) throws -> UnsafeMutablePointer<fitsfile> {
        guard let handle else { throw FITSError(action, path, .closed) }
        return handle
    }

    /// Throws unless changes are allowed.
    func requireWritable(_ action: String) throws {
        // cfitsio buffers writes to a read-only file and fails only at flush time, far from the cause.
        guard mode == .readWrite else { throw FITSError(action, path, .readOnly) }
        _ = try liveHandle(action)
    }

    /// Makes HDU `index` current.
    func move(to index: Int, _ action: String) throws -> UnsafeMutablePointer<fitsfile> {
        let handle = try liveHandle(action)
        let count = try hduCount()
        guard index >= 0, index < count else { throw FITSError(action, path, .noSuchHDU(index: index, count: count)) }
        var type: Int32 = 0
        var status: Int32 = 0
        ffmahd(handle, Int32(index + 1), &type, &status)
        if status != 0 { throw failure(action, status) }
        return handle
    }

    func kind(at index: Int, _ action: String) throws -> HDUInfo.Kind {
        let handle = try move(to: index, action)
        var type: Int32 = 0
        var status: Int32 = 0
        ffghdt(handle, &type, &status)
        if status != 0 { throw failure(action, status) }
        switch type {
        case ASCII_TBL: return .asciiTable
        case BINARY_TBL: return .binaryTable
        default: return .image
        }
    }

    /// Records that the current HDU was just appended.
    func didAppendHDU(_ handle: UnsafeMutablePointer<fitsfile>) {
        var number: Int32 = 0
        ffghdn(handle, &number)
        appendedHDUs = max(appendedHDUs, Int(number))
    }

    /// The error for a failed cfitsio call; clears cfitsio's message stack, whose details we do not show.
    func failure(_ action: String, _ status: Int32) -> FITSError {
        ffcmsg()
        switch status {
        case END_OF_FILE, READ_ERROR: return FITSError(action, path, .truncated)
        case READONLY_FILE: return FITSError(action, path, .readOnly)
        case NUM_OVERFLOW: return FITSError(action, path, .valueOutOfRange)
        default: return FITSError(action, path, FITSFile.libraryReason(status))
        }
    }

    static func libraryReason(_ status: Int32) -> FITSError.Reason {
        var text = [CChar](repeating: 0, count: 32)
        ffgerr(status, &text)
        return .library(status: status, text: string(text))
    }

    static func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    // MARK: Private

    private func integerKeyword(_ key: String, _ handle: UnsafeMutablePointer<fitsfile>, _ action: String) throws -> Int? {
        var value = 0
        var status: Int32 = 0
        ffgkyj(handle, key, &value, nil, &status)
        if status == KEY_NO_EXIST { ffcmsg(); return nil }
        if status != 0 { throw failure(action, status) }
        return value
    }

    private func stringKeyword(_ key: String, _ handle: UnsafeMutablePointer<fitsfile>, _ action: String) throws -> String? {
        var value = [CChar](repeating: 0, count: 128)
        var status: Int32 = 0
        ffgkys(handle, key, &value, nil, &status)
        if status == KEY_NO_EXIST { ffcmsg(); return nil }
        if status != 0 { throw failure(action, status) }
        return CardText.trimTrailingSpaces(FITSFile.string(value))
    }

    /// Why opening failed, in the user's terms: cfitsio says "could not open" or "error reading" for many causes.
    private static func openFailure(_ path: String, status: Int32, mode: Mode) -> FITSError.Reason {
        ffcmsg()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .notFound }
        if isFolder.boolValue { return .isFolder }
        let wanted = mode == .readWrite ? R_OK | W_OK : R_OK
        if access(path, wanted) != 0 { return errno == EACCES ? .permissionDenied : .system(text(errno: errno)) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .permissionDenied }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 80)) ?? Data()
        if start.isEmpty { return .empty }
        guard start.starts(with: Array("SIMPLE  =".utf8)) else { return .notFITS }
        if status == FILE_NOT_OPENED, mode == .readWrite { return .openReadOnlyElsewhere }
        if status == END_OF_FILE || status == READ_ERROR { return .truncated }
        return libraryReason(status)
    }

    private static func createFailure(_ path: String) -> FITSError.Reason {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return .system("no such folder \(folder)")
        }
        if access(folder, W_OK) != 0 { return .permissionDenied }
        return libraryReason(FILE_NOT_CREATED)
    }

    /// cfitsio never syncs; the rename that follows must not expose a file whose bytes are not yet on disk.
    private static func sync(_ temporary: String, _ path: String) throws {
        do {
            let file = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            defer { try? file.close() }
            try file.synchronize()
        } catch {
            throw FITSError("cannot write", path, .system("could not sync the new file to disk"))
        }
    }

    private static func text(errno code: Int32) -> String { String(cString: strerror(code)) }
}

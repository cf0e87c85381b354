import Crypto
import Foundation
import SciCore
import SciHTTP
import SciS3

/// The datastore in an S3-compatible store: a repository's files are objects under `s3://bucket/prefix`, with the
/// same relative paths (keys under the prefix) that daf_butler's S3 datastore gives them. Many files travel at once,
/// large ones in parallel parts; every transfer's checksum is verified; an object is never written over (a
/// destination already there fails the ingest and is kept).
struct S3Datastore: Datastore {
    /// The root prefix, without a trailing slash.
    let location: S3Location
    /// The store.
    let client: S3Client
    /// How many files travel at once.
    let parallelTransfers: Int

    /// A datastore under `root`, talking to the store `client` reaches.
    init(root: S3Location, client: S3Client, parallelTransfers: Int = 16) {
        var root = root
        while root.key.hasSuffix("/") { root.key.removeLast() }
        location = root
        self.client = client
        self.parallelTransfers = max(1, parallelTransfers)
    }

    var root: String { location.description }

    /// The object a stored path names: relative to the root, or an `s3://` URI for `direct`.
    func object(_ path: String) throws -> S3Location {
        path.hasPrefix("s3://") ? try S3Location(path) : location.appending(path)
    }

    func uri(of path: String) -> String { path.contains("://") ? path : location.appending(path).description }

    func pathInside(_ source: String) -> String? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return source.hasPrefix(prefix) ? String(source.dropFirst(prefix.count)) : nil
    }

    func directPath(for source: String) -> String { source.hasPrefix("s3://") ? source : "file://" + source }

    func check(_ mode: TransferMode, sources: [String]) throws {
        switch mode {
        case .link, .symlink, .relsymlink, .hardlink:
            throw ButlerError.datastore(
                "cannot \(mode.rawValue) files into the datastore at \(root): an S3 store has no links; use --transfer copy, move, direct or auto")
        case .auto, .copy, .move, .direct:
            for source in sources where source.hasPrefix("s3://") { _ = try S3Location(source) }
        }
    }

    func sizes(of sources: [String?]) throws -> [Int64?] {
        var sizes = FileDatastore.sizes(of: sources.map { $0.flatMap { $0.hasPrefix("s3://") ? nil : $0 } })
        let remote = sources.indices.filter { sources[$0]?.hasPrefix("s3://") == true }
        guard !remote.isEmpty else { return sizes }
        let locations = try remote.map { try S3Location(sources[$0]!) }
        let client = self.client
        let found = try BlockingBridge.run {
            try await Self.inParallel(locations.count, width: self.parallelTransfers) { index in
                guard let object = try await client.head(locations[index]) else {
                    throw ButlerError.datastore("no object at \(locations[index]) to ingest")
                }
                return object.size
            }
        }
        for (slot, index) in remote.enumerated() { sizes[index] = found[slot] }
        return sizes
    }

    func startPlacing(_ files: [(source: String, path: String)], mode: TransferMode) -> any DatastorePlacement {
        let client = self.client
        let destinations = files.map { location.appending($0.path) }
        let width = parallelTransfers
        return S3Placement(paths: files.map(\.path)) { wrote in
            await Self.eachInParallel(files.count, width: width) { index in
                let source = files[index].source
                do {
                    if source.hasPrefix("s3://") {
                        try await client.copy(try S3Location(source), to: destinations[index], ifAbsent: true)
                    } else {
                        try await client.upload(file: source, to: destinations[index], ifAbsent: true)
                    }
                    wrote(index)
                } catch where Self.isAlreadyThere(error) {
                    // The same bytes already there (a retried request whose answer was lost, or the same file
                    // ingested before) will do; the object is not this ingest's to remove if the ingest fails.
                    if try await Self.holdsSameBytes(destinations[index], as: source, client: client) { return }
                    throw Self.explain(error, source: source, destination: destinations[index])
                } catch {
                    // An object that was there before is not this ingest's to remove; any other failure may have
                    // left one (a lost answer), which the clean-up removes.
                    if !Self.isAlreadyThere(error) { wrote(index) }
                    throw Self.explain(error, source: source, destination: destinations[index])
                }
            }
        }
    }

    func write(_ object: DatasetObject, with formatter: any DatasetFormatter, at path: String) throws -> Int64 {
        let destination = location.appending(path)
        let scratch = try Self.scratchFile(named: path)
        defer { unlink(scratch) }
        try formatter.write(object, to: scratch)
        let client = self.client
        return try BlockingBridge.run {
            do { return try await client.upload(file: scratch, to: destination, ifAbsent: true).size } catch {
                throw Self.explain(error, source: nil, destination: destination)
            }
        }
    }

    func read(_ path: String, with formatter: any DatasetFormatter) throws -> DatasetObject {
        if path.hasPrefix("file://") { return try formatter.read(from: String(path.dropFirst("file://".count))) }
        let source = try object(path)
        let scratch = try Self.scratchFile(named: path)
        defer { unlink(scratch) }
        let client = self.client
        try BlockingBridge.run {
            do { try await client.download(source, to: scratch) } catch { throw Self.explain(error, source: nil, destination: source) }
        }
        return try formatter.read(from: scratch)
    }

    func retrieve(_ files: [(path: String, target: String)]) throws {
        let client = self.client
        let sources = try files.map { $0.path.hasPrefix("file://") ? nil : try object($0.path) }
        _ = try BlockingBridge.run {
            try await Self.inParallel(files.count, width: self.parallelTransfers) { index in
                let target = files[index].target
                guard let source = sources[index] else {
                    let local = String(files[index].path.dropFirst("file://".count))
                    if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                    try FileManager.default.copyItem(atPath: local, toPath: target)
                    return true
                }
                // The download lands under a temporary name and replaces the target only once its checksum matched.
                do { try await client.download(source, to: target) } catch { throw Self.explain(error, source: nil, destination: source) }
                return true
            }
        }
    }

    func remove(_ paths: [String]) throws {
        let owned = paths.filter { !$0.contains("://") }.map { location.appending($0) }
        guard !owned.isEmpty else { return }
        let client = self.client
        let failures = try BlockingBridge.run {
            await Self.eachInParallel(owned.count, width: self.parallelTransfers, stopOnFailure: false) { index in
                try await client.delete(owned[index])
            }
        }
        guard let first = failures.first else { return }
        throw ButlerError.datastore(
            "\(failures.count) of \(owned.count) objects under \(root) could not be deleted (first: \(SciError.from(first).message)); "
                + "they are no dataset's now: delete them with any S3 tool")
    }

    func removeSources(_ sources: [String]) {
        let local = sources.filter { !$0.hasPrefix("s3://") }
        for source in local { unlink(source) }
        let remote = sources.compactMap { try? S3Location($0) }
        guard !remote.isEmpty else { return }
        let client = self.client
        // The ingest has committed: a source that stays behind is a copy too many, not a loss.
        _ = try? BlockingBridge.run {
            await Self.eachInParallel(remote.count, width: self.parallelTransfers, stopOnFailure: false) { index in
                try await client.delete(remote[index])
            }
        }
    }

    func recover(_ paths: [String]) throws {
        try remove(paths)
        // A process killed during a multipart upload leaves its parts stored (and billed) until the upload is aborted.
        let keys = Set(paths.filter { !$0.contains("://") }.map { location.appending($0).key })
        guard !keys.isEmpty else { return }
        let client = self.client
        let prefix = S3Location(bucket: location.bucket, key: location.key.isEmpty ? "" : location.key + "/")
        try BlockingBridge.run {
            for upload in try await client.multipartUploads(prefix) where keys.contains(upload.key) {
                try await client.abortMultipartUpload(S3Location(bucket: prefix.bucket, key: upload.key), uploadId: upload.uploadId)
            }
        }
    }

    // MARK: Helpers

    /// Whether the object at `destination` has the bytes of `source` (a local file or an object), by their MD5s.
    static func holdsSameBytes(_ destination: S3Location, as source: String, client: S3Client) async throws -> Bool {
        guard let stored = try await client.head(destination) else { return false }
        if source.hasPrefix("s3://") { return try await client.head(try S3Location(source))?.etag == stored.etag }
        guard stored.etag.utf8.count == 32 else { return false }
        return try md5(of: source) == stored.etag
    }

    /// The MD5 of a local file in hexadecimal, as a single-part ETag shows it.
    static func md5(of path: String) throws -> String {
        guard let file = FileHandle(forReadingAtPath: path) else { throw FileError.cannotOpen(path, errno: errno) }
        defer { try? file.close() }
        var digest = Insecure.MD5()
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty { digest.update(data: chunk) }
        return digest.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Whether an upload failed because the destination was already there (`If-None-Match: *`).
    static func isAlreadyThere(_ error: any Error) -> Bool {
        if case S3Error.service(code: "PreconditionFailed", _, _, _) = error { return true }
        return false
    }

    /// The error a user should read: a kept destination said in the butler's words, an unreachable store with the
    /// setting to check.
    static func explain(_ error: any Error, source: String?, destination: S3Location) -> any Error {
        if isAlreadyThere(error) {
            return ButlerError.datastore(
                "cannot store \(source ?? "the dataset"): \(destination) already exists and is kept; fix the file template, or remove that object if no dataset uses it")
        }
        if case HTTPError.transport = error {
            let sci = SciError.from(error)
            return SciError(sci.message, hint: "is the S3 store running, and does S3_ENDPOINT_URL name it?", underlying: error)
        }
        return error
    }

    /// A temporary file path ending like `path` (formatters may look at the extension); nothing is made yet.
    static func scratchFile(named path: String) throws -> String {
        let name = (path as NSString).lastPathComponent
        return NSTemporaryDirectory() + "/sci-butler-" + UUID().uuidString + "-" + (name.isEmpty ? "dataset" : name)
    }
}

import Foundation
import SciCore
import SciHTTP
import SciS3

/// File bodies in an S3 bucket under a prefix, at HIPPO's object names (`PREFIX/uploader/uuid/name`). Clients PUT
/// parts to presigned multipart URLs and GET files from presigned URLs that name the file; the server starts and
/// completes the multipart uploads and never carries a byte of a file. A client that asks for it (`sci henry`'s
/// `multipart_threshold`) PUTs a file of up to 5 GiB whole to one presigned URL instead: no multipart upload to
/// complete. That URL carries a signed `If-None-Match: *`, so it can create the object once and never replace it,
/// as a completed multipart upload's part URLs can no longer change it: what the server verified stays what is served.
///
/// S3 keeps no XXH64 (its checksums are MD5 per part, CRC or SHA, and only when the client sends them; HIPPO's client
/// sends none), so the one way to check the declared checksum is to read the object once, server-side, when its upload
/// completes: streamed through the hash and kept nowhere.
struct S3BlobStore: BlobStorage {
    let client: S3Client
    /// The bucket and prefix holding the objects.
    let prefix: S3Location
    /// How long presigned URLs stay valid (S3 takes up to 7 days).
    let lifetime: Int
    private let reader: HTTPClient

    var smallestPartSize: Int64 { 5 << 20 }
    var checksFreeSpace: Bool { false }
    // S3's largest single PUT.
    var largestWholeFileUpload: Int64 { 5 << 30 }

    /// The one header a whole-file PUT carries: it may create the object, never replace it.
    static let createOnly = ["If-None-Match": "*"]

    /// A store in `s3://bucket/prefix` with the store and key from the environment (`S3Configuration.fromEnvironment`);
    /// the bucket is made when it does not exist yet.
    init(uri: String, configuration: S3Configuration, lifetime: TimeInterval) async throws {
        prefix = try S3Location(uri)
        client = S3Client(configuration: configuration)
        self.lifetime = Int(min(604_800, max(1, lifetime)))
        var http = HTTPClientConfiguration()
        http.retry = configuration.retry
        reader = HTTPClient(configuration: http)
        try await client.createBucket(prefix.bucket)
    }

    /// The object of a file.
    func location(_ file: FileRow) -> S3Location {
        prefix.key.isEmpty ? S3Location(bucket: prefix.bucket, key: file.objectName) : prefix.appending(file.objectName)
    }

    /// The object of a blob key (a file's object name).
    func location(blob key: String) -> S3Location {
        prefix.key.isEmpty ? S3Location(bucket: prefix.bucket, key: key) : prefix.appending(key)
    }

    func beginUploads(_ files: [FileRow]) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for file in files where file.partCount > 0 && !file.wholeFile {
            do {
                ids[file.uuid] = try await client.startMultipartUpload(location(file))
            } catch {
                abandon(uploads: files.filter { ids[$0.uuid] != nil }.map { var started = $0; started.uploadID = ids[$0.uuid]; return started })
                throw HippoError(503, "the object store refused to start an upload: \(SciError.from(error).message)")
            }
        }
        return ids
    }

    /// Whether `file` goes up in one PUT of the whole file: one part and no multipart upload at the store (every
    /// file in parts has an upload id from `beginUploads`).
    static func isWholeFile(_ file: FileRow) -> Bool { file.wholeFile || (file.uploadID == nil && file.partCount == 1) }

    func uploadHeaders(_ file: FileRow) -> [String: String] { S3BlobStore.isWholeFile(file) ? S3BlobStore.createOnly : [:] }

    func partURLs(_ file: FileRow, registry: Registry, baseURL: String) throws -> [String] {
        guard file.partCount > 0 else { return [] }
        let target = location(file)
        if S3BlobStore.isWholeFile(file) {
            return [try client.presignedURL(.put, target, headers: S3BlobStore.createOnly.map { ($0.key, $0.value) }, expires: lifetime)]
        }
        guard let uploadID = file.uploadID else { throw HippoError(500, "\(file.name) has no multipart upload at the object store") }
        return try (1...file.partCount).map { number in
            try client.presignedURL(.put, target, query: [("partNumber", String(number)), ("uploadId", uploadID)], expires: lifetime)
        }
    }

    func downloadURL(_ file: FileRow, registry: Registry, baseURL: String) -> String {
        let target = file.blob.map { location(blob: $0) } ?? location(file)
        let query = [("response-content-disposition", S3BlobStore.disposition(file.name))]
        // The lifetime is within S3's bounds (checked in init), so presigning cannot fail.
        return (try? client.presignedURL(.get, target, query: query, expires: lifetime)) ?? client.url(target)
    }

    /// `attachment` with the file name: plain ASCII in `filename` (others as `_`), the exact name in `filename*`.
    static func disposition(_ name: String) -> String {
        let plain = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let exact = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")) ?? plain
        return "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(exact)"
    }

    func finish(_ file: FileRow, reported: CompleteUploadRequest, registry: Registry) async throws {
        let target = location(file)
        if S3BlobStore.isWholeFile(file) {
            // Nothing to complete: the PUT made the object. Its size (from a HEAD) spares reading a wrong-sized one.
            let landed: S3Object?
            do {
                landed = try await client.head(target)
            } catch {
                throw HippoError(503, "cannot ask the object store for \(file.name): \(SciError.from(error).message)")
            }
            guard let landed else { throw HippoError(400, "\(file.name) was not uploaded; upload discarded") }
            guard landed.size == file.size else {
                remove(blobs: [file.objectName])
                throw HippoError(400, "\(file.name): \(landed.size) bytes arrived, \(file.size) were declared; upload discarded")
            }
            try await verify(file, at: target, registry: registry)
            return
        }
        let etags = reported.etags(for: file.name) ?? []
        guard etags.count == file.partCount else {
            throw HippoError(400, "\(file.name): expected \(file.partCount) parts, reported \(etags.count); upload discarded")
        }
        if let sizes = reported.sizes?[file.name] {
            let expected = (1...max(1, file.partCount)).prefix(file.partCount).map { file.expectedSize(ofPart: $0) }
            guard sizes == expected else { throw HippoError(400, "\(file.name): reported part sizes differ from the declared size; upload discarded") }
        }
        do {
            if file.partCount == 0 {
                try await client.put(Data(), at: target)
            } else {
                guard let uploadID = file.uploadID else { throw HippoError(400, "\(file.name) has no upload in progress; upload discarded") }
                _ = try await client.completeMultipartUpload(
                    target, uploadId: uploadID, parts: etags.enumerated().map { (number: $0.offset + 1, etag: $0.element) })
            }
        } catch let error as HippoError {
            throw error
        } catch {
            // Another server may have completed it a moment ago (a client retrying through a second server): the
            // object is then there whole, and the check below decides.
            guard let object = try? await client.head(target), object.size == file.size else {
                throw HippoError(400, "\(file.name): the object store would not complete the upload (\(SciError.from(error).message)); upload discarded")
            }
        }
        try await verify(file, at: target, registry: registry)
    }

    /// Reads the object of `file` once and records the file as available if its size and XXH64 are those declared;
    /// otherwise removes the object and throws 400.
    private func verify(_ file: FileRow, at target: S3Location, registry: Registry) async throws {
        let landed = try await hash(target)
        let declared = Checksum(parsing: file.checksum)
        guard landed.size == file.size, landed.checksum == declared else {
            remove(blobs: [file.objectName])
            throw HippoError(
                400,
                "\(file.name): checksum mismatch: declared \(file.checksum) for \(file.size) bytes, received \(landed.checksum) for \(landed.size) bytes; upload discarded")
        }
        try await registry.pool.write { db in
            try db.execute(sql: "UPDATE file SET available = 1, blob = ? WHERE uuid = ?", arguments: [file.objectName, file.uuid])
        }
    }

    /// Reads an object once and returns its size and XXH64; no byte is written anywhere.
    private func hash(_ target: S3Location) async throws -> (size: Int64, checksum: Checksum) {
        do {
            let url = try client.presignedURL(.get, target, expires: 3600)
            return try await reader.checksum(of: HTTPRequest(.get, url))
        } catch {
            throw HippoError(503, "cannot read \(target) back to check its checksum: \(SciError.from(error).message)")
        }
    }

    func remove(blobs keys: [String]) {
        guard !keys.isEmpty else { return }
        let (client, targets) = (client, keys.map { location(blob: $0) })
        // Deleting is best effort: an object left behind costs storage, not correctness (no file refers to it).
        Task.detached { for target in targets { try? await client.delete(target) } }
    }

    func abandon(uploads files: [FileRow]) {
        let (client, pending) = (client, files.compactMap { file in file.uploadID.map { (location(file), $0) } })
        // A whole file's PUT may have landed: its object goes too.
        let landed = files.filter(S3BlobStore.isWholeFile).map { location($0) }
        guard !pending.isEmpty || !landed.isEmpty else { return }
        Task.detached {
            for (target, id) in pending { try? await client.abortMultipartUpload(target, uploadId: id) }
            for target in landed { try? await client.delete(target) }
        }
    }
}

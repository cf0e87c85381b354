import Foundation

/// Where file bodies live: the registry's own folder, which receives the parts itself (`BlobStore`), or an S3 bucket
/// that clients upload to and download from through presigned URLs, the server holding no bytes (`S3BlobStore`).
/// The registry's flows (create, complete, download, delete, expire) are the same for both; only these steps differ.
protocol BlobStorage: Sendable {
    /// The smallest part a multipart upload may use (S3 refuses parts under 5 MiB but the last).
    var smallestPartSize: Int64 { get }

    /// The largest file a client may PUT whole to one URL when it asks to (`multipart_threshold`); 0 when every
    /// upload goes in parts.
    var largestWholeFileUpload: Int64 { get }

    /// Whether declared sizes are checked against the free space of the registry's disk (true for a local folder).
    var checksFreeSpace: Bool { get }

    /// Starts the uploads of new files and returns, by file uuid, what identifies each at the store (S3's multipart
    /// upload id); nothing for a store that needs no preparation.
    func beginUploads(_ files: [FileRow]) async throws -> [String: String]

    /// The URLs the client PUTs each part of `file` to, in part order.
    func partURLs(_ file: FileRow, registry: Registry, baseURL: String) throws -> [String]

    /// Headers a client must send with every PUT of `file` (signed into the URLs); none for most files.
    func uploadHeaders(_ file: FileRow) -> [String: String]

    /// The URL a client downloads an available file from, without a key.
    func downloadURL(_ file: FileRow, registry: Registry, baseURL: String) -> String

    /// Completes the upload of `file` from the parts the client reports, checks the size and XXH64 of what landed,
    /// and records the file as available. Throws 400 (leaving nothing behind at the store) when they differ.
    func finish(_ file: FileRow, reported: CompleteUploadRequest, registry: Registry) async throws

    /// Removes blobs no file uses any more (after the transaction that dropped their files has committed).
    func remove(blobs: [String])

    /// Gives up uploads that will never complete: their parts are removed.
    func abandon(uploads: [FileRow])
}

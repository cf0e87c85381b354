import Foundation

/// The registry's own folder as a blob store: parts arrive at the server's signed `/upload` URLs and are assembled,
/// checked and published under their content address.
extension BlobStore: BlobStorage {
    var smallestPartSize: Int64 { Registry.partSizes.lowerBound }
    var checksFreeSpace: Bool { true }
    // Parts stream to the registry's own disk, so one PUT would save nothing.
    var largestWholeFileUpload: Int64 { 0 }

    func uploadHeaders(_ file: FileRow) -> [String: String] { [:] }

    func beginUploads(_ files: [FileRow]) async throws -> [String: String] { [:] }

    func partURLs(_ file: FileRow, registry: Registry, baseURL: String) throws -> [String] {
        (0..<file.partCount).map { index in
            let resource = "/upload/\(file.uuid)/\(index + 1)"
            return "\(baseURL)\(resource)?\(registry.signer.query(for: resource))"
        }
    }

    func downloadURL(_ file: FileRow, registry: Registry, baseURL: String) -> String {
        // Only the uuid is signed: the name is there for the client's benefit (a readable last path component).
        let name = file.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file.uuid
        return "\(baseURL)/download/\(file.uuid)/\(name)?\(registry.signer.query(for: "/download/\(file.uuid)"))"
    }

    func finish(_ file: FileRow, reported: CompleteUploadRequest, registry: Registry) async throws {
        let key = try await registry.assemble(file, reported: reported)
        // Published inside the single writer, so no concurrent delete unlinks a blob this file is about to share.
        try await registry.pool.writeWithoutTransaction { [self] db in
            try self.publish(self.data(ofUpload: file.uuid), as: key)
            try db.inTransaction {
                try db.execute(sql: "UPDATE file SET available = 1, blob = ? WHERE uuid = ?", arguments: [key, file.uuid])
                try db.execute(sql: "DELETE FROM part WHERE file_uuid = ?", arguments: [file.uuid])
            }
        }
        removeUpload(file.uuid)
    }

    func remove(blobs keys: [String]) {
        for key in keys { remove(blob: key) }
    }

    func abandon(uploads files: [FileRow]) {
        for file in files { removeUpload(file.uuid) }
    }
}

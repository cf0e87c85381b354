/// A source as the client announces it before uploading: HIPPO's `PreUploadFile`.
struct PreUploadFile: Decodable, Sendable {
    /// The file's base name.
    var name: String
    /// Its size in bytes.
    var size: Int64
    /// `xxh64:<16 hex>`, checked against the assembled upload.
    var checksum: String
    /// What the file holds.
    var description: String?
}

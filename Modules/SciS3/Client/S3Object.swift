/// What S3 says about one stored object.
public struct S3Object: Sendable, Hashable {
    /// The object's key in its bucket.
    public var key: String
    /// Its size in bytes.
    public var size: Int64
    /// Its ETag without quotes: the MD5 of a single-part upload, or `MD5-N` for one uploaded in N parts.
    public var etag: String

    /// An object from its parts.
    public init(key: String, size: Int64, etag: String) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

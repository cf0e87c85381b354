/// A source of a product on the server; `path` is set once the file is realized in the local cache.
public struct RemoteSource: Sendable, Hashable {
    /// The slug the source is filed under.
    public var slug: String
    /// The file name on the server.
    public var name: String
    public var description: String?
    /// The file's uuid: the cache key, shared by the versions that keep the file.
    public var uuid: String
    /// Size in bytes.
    public var size: Int64
    /// `xxh64:<16 hex>`.
    public var checksum: String
    /// The verified local copy, when realized.
    public var path: String?
}

import SciCore

/// A product as the server holds it: one frozen version. Change it through `createRevision`.
public struct RemoteProduct: Sendable, Hashable {
    /// The version's id.
    public let productID: String
    /// The name.
    public let name: String
    public let description: String
    /// The metadata, `metadata_type` included.
    public let metadata: Metadata
    /// `major.minor.patch`.
    public let version: String
    /// Whether this is the newest version.
    public let current: Bool
    /// The user who owns it.
    public let owner: String
    /// Groups that may read it.
    public let readers: [String]
    /// Groups that may change it.
    public let writers: [String]
    /// The sources by slug; realized ones have a local `path`.
    public internal(set) var sources: [String: RemoteSource]
    /// The server's record, for fields not lifted above.
    public let record: ProductRecord

    /// A product from the server's record of a version.
    public init(record: ProductRecord) {
        self.record = record
        productID = record.id
        name = record.name
        description = record.description
        // The server validated it; metadata it cannot type (a newer hippometa) is shown as simple.
        metadata = (try? Metadata(json: record.metadata)) ?? .simple
        version = record.version
        current = record.current
        owner = record.owner
        readers = record.readers
        writers = record.writers
        sources = record.sources.mapValues {
            RemoteSource(slug: $0.slug, name: $0.name, description: $0.description, uuid: $0.uuid, size: $0.size, checksum: $0.checksum)
        }
    }

    /// The source under a slug.
    public subscript(slug: String) -> RemoteSource? { sources[slug] }

    /// A revision of this version at the given level, with no changes yet.
    public func createRevision(_ level: RevisionLevel) -> RevisionProduct {
        RevisionProduct(revisionOf: self, level: level)
    }
}

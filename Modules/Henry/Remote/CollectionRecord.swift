public import SciCore

/// A collection as the server reports it (HIPPO's `ReadCollectionResponse`).
public struct CollectionRecord: Sendable, Hashable, Codable {
    /// A product as a collection lists it: no sources.
    public struct Product: Sendable, Hashable, Codable {
        /// The server's id.
        public var id: String
        /// The name.
        public var name: String
        public var description: String
        /// The user who owns it.
        public var owner: String?
        /// The version, `major.minor.patch`.
        public var version: String?
        /// When it was first uploaded (ISO 8601, UTC).
        public var uploaded: String?
        /// The metadata, `metadata_type` included.
        public var metadata: JSONValue?
    }

    /// A child or parent collection as a collection lists it.
    public struct Link: Sendable, Hashable, Codable {
        /// The server's id.
        public var id: String
        /// The name.
        public var name: String
        public var description: String
        /// The user who owns it.
        public var owner: String?
    }

    /// The server's id.
    public var id: String
    /// The name.
    public var name: String
    public var description: String
    /// The products in the collection.
    public var products: [Product]
    /// Collections inside this one.
    public var childCollections: [Link]
    /// Collections this one is inside.
    public var parentCollections: [Link]
    /// Groups that may read it.
    public var readers: [String]
    /// Groups that may change it.
    public var writers: [String]
    /// The user who owns it.
    public var owner: String?

    enum CodingKeys: String, CodingKey {
        case id, name, description, products, readers, writers, owner
        case childCollections = "child_collections", parentCollections = "parent_collections"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        products = try container.decodeIfPresent([Product].self, forKey: .products) ?? []
        childCollections = try container.decodeIfPresent([Link].self, forKey: .childCollections) ?? []
        parentCollections = try container.decodeIfPresent([Link].self, forKey: .parentCollections) ?? []
        readers = try container.decodeIfPresent([String].self, forKey: .readers) ?? []
        writers = try container.decodeIfPresent([String].self, forKey: .writers) ?? []
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
    }
}

import SciCore

/// A collection as the server reports it (HIPPO's `ReadCollectionResponse`).
public struct CollectionRecord: Sendable, Hashable, Codable {
    /// A product as a collection lists it: no sources.
    public struct Product: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var description: String
        public var owner: String?
        public var version: String?
        public var uploaded: String?
        public var metadata: JSONValue?
    }

    /// A child or parent collection as a collection lists it.
    public struct Link: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var description: String
        public var owner: String?
    }

    public var id: String
    public var name: String
    public var description: String
    public var products: [Product]
    public var childCollections: [Link]
    public var parentCollections: [Link]
    public var readers: [String]
    public var writers: [String]
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

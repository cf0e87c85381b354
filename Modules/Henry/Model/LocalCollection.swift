/// A collection being prepared on this machine: a named list of products, and of child collections, which the web
/// interface shows as a hierarchy. Iterating a collection visits its products in order.
public struct LocalCollection: Sendable, Hashable, Codable, RandomAccessCollection, MutableCollection {
    /// The collection's name.
    public var name: String
    /// What the collection holds.
    public var description: String
    /// Its products, in order.
    public var products: [LocalProduct]
    /// Its child collections.
    public var collections: [LocalCollection]
    /// The server's id for it, once pushed.
    public var collectionID: String?

    /// A collection of products and child collections.
    public init(name: String, description: String, products: [LocalProduct] = [], collections: [LocalCollection] = []) {
        self.name = name
        self.description = description
        self.products = products
        self.collections = collections
    }

    /// Adds a product at the end.
    public mutating func append(_ product: LocalProduct) { products.append(product) }
    /// Adds a child collection.
    public mutating func append(_ collection: LocalCollection) { collections.append(collection) }

    public var startIndex: Int { products.startIndex }
    public var endIndex: Int { products.endIndex }
    public subscript(position: Int) -> LocalProduct {
        get { products[position] }
        set { products[position] = newValue }
    }

    enum CodingKeys: String, CodingKey {
        case name, description, products, collections
        case collectionID = "collection_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        products = try container.decodeIfPresent([LocalProduct].self, forKey: .products) ?? []
        collections = try container.decodeIfPresent([LocalCollection].self, forKey: .collections) ?? []
        collectionID = try container.decodeIfPresent(String.self, forKey: .collectionID)
    }
}

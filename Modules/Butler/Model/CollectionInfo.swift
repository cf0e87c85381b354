/// A collection as the registry holds it.
public struct CollectionInfo: Sendable, Hashable, Codable {
    /// The collection's name, `spx/raw/run1`.
    public var name: String
    /// Its kind.
    public var type: CollectionType
    /// For a CHAINED collection, its children in search order; empty otherwise.
    public var children: [String]
    /// Free text.
    public var doc: String?

    /// A collection.
    public init(name: String, type: CollectionType, children: [String] = [], doc: String? = nil) {
        self.name = name
        self.type = type
        self.children = children
        self.doc = doc
    }
}

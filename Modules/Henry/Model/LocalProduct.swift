import Foundation
import SciCore

/// A product being prepared on this machine: a name, a description, metadata, and sources keyed by slug. Slugs are
/// limited to the metadata type's valid slugs. After a push, `productID` names it on the server and pushing again
/// does nothing.
public struct LocalProduct: Sendable, Hashable, Codable {
    /// The product's name, unique on the server.
    public var name: String
    /// What the product is.
    public var description: String
    /// Its metadata; changing the type later must keep every source's slug valid.
    public private(set) var metadata: Metadata
    /// The sources by slug.
    public private(set) var sources: [String: LocalSource]
    /// The server's id for it, once pushed.
    public var productID: String?

    /// A product with no sources yet.
    public init(name: String, description: String, metadata: Metadata = .simple, sources: [String: LocalSource] = [:]) throws(InvalidSlug) {
        self.name = name
        self.description = description
        self.metadata = metadata
        self.sources = [:]
        for (slug, source) in sources { try set(slug, source) }
    }

    /// The source under a slug.
    public subscript(slug: String) -> LocalSource? { sources[slug] }

    /// The slugs in use, sorted.
    public var slugs: [String] { sources.keys.sorted() }

    /// Puts a source under a slug, replacing any there.
    public mutating func set(_ slug: String, _ source: LocalSource) throws(InvalidSlug) {
        guard metadata.validSlugs.contains(slug) else {
            throw InvalidSlug(slug: slug, type: metadata.type, validSlugs: metadata.validSlugs)
        }
        sources[slug] = source
    }

    /// Puts the file at `path` under a slug, as assigning a path does in henry.
    public mutating func set(_ slug: String, path: String, description: String? = nil) throws(InvalidSlug) {
        try set(slug, LocalSource(path: path, description: description))
    }

    /// Removes and returns the source under a slug.
    @discardableResult
    public mutating func removeSource(_ slug: String) -> LocalSource? { sources.removeValue(forKey: slug) }

    /// Changes the metadata; every slug in use must be valid for the new type.
    public mutating func setMetadata(_ metadata: Metadata) throws(InvalidSlug) {
        if let slug = sources.keys.sorted().first(where: { !metadata.validSlugs.contains($0) }) {
            throw InvalidSlug(slug: slug, type: metadata.type, validSlugs: metadata.validSlugs)
        }
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case name, description, metadata, sources
        case productID = "product_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata) ?? .simple
        productID = try container.decodeIfPresent(String.self, forKey: .productID)
        sources = [:]
        for (slug, source) in try container.decodeIfPresent([String: LocalSource].self, forKey: .sources) ?? [:] {
            do {
                try set(slug, source)
            } catch {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: container.codingPath + [CodingKeys.sources], debugDescription: error.sciError.description))
            }
        }
    }
}

import SciCore

/// One version of a product as HIPPO answers it: `ProductMetadata`.
struct ProductMetadata: Encodable, Sendable {
    var id: String
    var name: String
    var description: String
    var metadata: JSONValue
    var uploaded: String
    var updated: String
    var current: Bool
    var version: String
    var sources: [String: FileMetadata]
    var owner: String
    /// The predecessor's version string, as HIPPO exposes it.
    var replaces: String?
    var readers: [String]
    var writers: [String]
    var childOf: [String]
    var parentOf: [String]
    var collections: [String]
    var pinned: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, description, metadata, uploaded, updated, current, version, sources, owner, replaces, readers, writers
        case childOf = "child_of", parentOf = "parent_of", collections, pinned
    }

    /// The version as JSON, built directly: what `encode(to:)` writes, without encoding text and parsing it back,
    /// which cost most of a 1,000-hit search.
    var json: JSONValue {
        func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
        return .object([
            "id": .string(id), "name": .string(name), "description": .string(description), "metadata": metadata,
            "uploaded": .string(uploaded), "updated": .string(updated), "current": .bool(current), "version": .string(version),
            "sources": .object(sources.mapValues(\.json)), "owner": .string(owner), "replaces": replaces.map { .string($0) } ?? .null,
            "readers": strings(readers), "writers": strings(writers), "child_of": strings(childOf), "parent_of": strings(parentOf),
            "collections": strings(collections), "pinned": .bool(pinned),
        ])
    }

    // Encoded by hand so `replaces: null` is written, as pydantic does, rather than left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(uploaded, forKey: .uploaded)
        try container.encode(updated, forKey: .updated)
        try container.encode(current, forKey: .current)
        try container.encode(version, forKey: .version)
        try container.encode(sources, forKey: .sources)
        try container.encode(owner, forKey: .owner)
        try container.encode(replaces, forKey: .replaces)
        try container.encode(readers, forKey: .readers)
        try container.encode(writers, forKey: .writers)
        try container.encode(childOf, forKey: .childOf)
        try container.encode(parentOf, forKey: .parentOf)
        try container.encode(collections, forKey: .collections)
        try container.encode(pinned, forKey: .pinned)
    }
}

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

    /// Appends the version as JSON, what `encode(to:)` writes, without a `JSONValue` tree or an encoder per
    /// version: most of a 1,000-hit search went on those.
    func write(into bytes: inout [UInt8]) {
        func key(_ name: String) {
            if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(name, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
        func strings(_ list: [String]) {
            bytes.append(UInt8(ascii: "["))
            for (index, item) in list.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(item, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        func boolean(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }
        bytes.append(UInt8(ascii: "{"))
        key("id"); JSONWriter.writeString(id, into: &bytes)
        key("name"); JSONWriter.writeString(name, into: &bytes)
        key("description"); JSONWriter.writeString(description, into: &bytes)
        // JSONWriter keeps a float's `.0` where JSONEncoder (the other routes' answers) drops it: metadata holding a
        // float goes the encoder's way, so a product reads the same through search as through GET /product/{id}.
        key("metadata"); JSONWriter.write(ProductMetadata.holdsFloat(metadata) ? (try? Registry.json(metadata)) ?? metadata : metadata, into: &bytes)
        key("uploaded"); JSONWriter.writeString(uploaded, into: &bytes)
        key("updated"); JSONWriter.writeString(updated, into: &bytes)
        key("current"); boolean(current)
        key("version"); JSONWriter.writeString(version, into: &bytes)
        key("sources"); bytes.append(UInt8(ascii: "{"))
        for (index, (slug, file)) in sources.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(slug, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            file.write(into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        key("owner"); JSONWriter.writeString(owner, into: &bytes)
        key("replaces")
        if let replaces { JSONWriter.writeString(replaces, into: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        key("readers"); strings(readers)
        key("writers"); strings(writers)
        key("child_of"); strings(childOf)
        key("parent_of"); strings(parentOf)
        key("collections"); strings(collections)
        key("pinned"); boolean(pinned)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Whether `value` holds a floating-point number anywhere.
    static func holdsFloat(_ value: JSONValue) -> Bool {
        switch value {
        case .double: true
        case .array(let items): items.contains(where: holdsFloat)
        case .object(let members): members.values.contains(where: holdsFloat)
        default: false
        }
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

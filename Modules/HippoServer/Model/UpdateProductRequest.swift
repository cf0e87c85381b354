import SciCore

/// The body of `POST /product/{id}/update` and `/diff`: HIPPO's `UpdateProductRequest`.
struct UpdateProductRequest: Decodable, Sendable {
    var name: String?
    var description: String?
    var metadata: JSONValue?
    var owner: String?
    var newSources: [String: PreUploadFile]
    var replaceSources: [String: PreUploadFile]
    var dropSources: [String]
    /// 0 major, 1 minor, 2 patch; nil changes access lists only.
    var level: Int?
    var addReaders: [String]
    var removeReaders: [String]
    var addWriters: [String]
    var removeWriters: [String]
    var multipartBatchSize: Int64?

    enum CodingKeys: String, CodingKey {
        case name, description, metadata, owner, level
        case newSources = "new_sources", replaceSources = "replace_sources", dropSources = "drop_sources"
        case addReaders = "add_readers", removeReaders = "remove_readers"
        case addWriters = "add_writers", removeWriters = "remove_writers"
        case multipartBatchSize = "multipart_batch_size"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        newSources = try container.decodeIfPresent([String: PreUploadFile].self, forKey: .newSources) ?? [:]
        replaceSources = try container.decodeIfPresent([String: PreUploadFile].self, forKey: .replaceSources) ?? [:]
        dropSources = try container.decodeIfPresent([String].self, forKey: .dropSources) ?? []
        // An absent level is MINOR, an explicit null is "no new version" (pydantic's default vs. None).
        level = container.contains(.level) ? try container.decodeIfPresent(Int.self, forKey: .level) : 1
        addReaders = try container.decodeIfPresent([String].self, forKey: .addReaders) ?? []
        removeReaders = try container.decodeIfPresent([String].self, forKey: .removeReaders) ?? []
        addWriters = try container.decodeIfPresent([String].self, forKey: .addWriters) ?? []
        removeWriters = try container.decodeIfPresent([String].self, forKey: .removeWriters) ?? []
        multipartBatchSize = try container.decodeIfPresent(Int64.self, forKey: .multipartBatchSize)
    }
}

import SciCore

/// The body of `POST /product/{id}/update` and `/diff`: HIPPO's `UpdateProductRequest`.
struct UpdateProductRequest: Decodable, Sendable {
    var name: String?
    var description: String?
    var metadata: JSONValue?
    var newSources: [String: PreUploadFile]
    var replaceSources: [String: PreUploadFile]
    var dropSources: [String]
    /// 0 major, 1 minor, 2 patch; nil changes access lists only.
    var level: Int?
    /// Owner and reader/writer changes, applied to every version.
    var access: AccessChange
    var multipartBatchSize: Int64?
    /// sci's extension (boto3's name): files up to this size go up in one PUT where the store takes that, larger
    /// ones in parts; HIPPO's own client sends none and always gets parts.
    var multipartThreshold: Int64?

    enum CodingKeys: String, CodingKey {
        case name, description, metadata, level
        case newSources = "new_sources", replaceSources = "replace_sources", dropSources = "drop_sources"
        case multipartBatchSize = "multipart_batch_size"
        case multipartThreshold = "multipart_threshold"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        newSources = try container.decodeIfPresent([String: PreUploadFile].self, forKey: .newSources) ?? [:]
        replaceSources = try container.decodeIfPresent([String: PreUploadFile].self, forKey: .replaceSources) ?? [:]
        dropSources = try container.decodeIfPresent([String].self, forKey: .dropSources) ?? []
        // An absent level is MINOR, an explicit null is "no new version" (pydantic's default vs. None).
        level = container.contains(.level) ? try container.decodeIfPresent(Int.self, forKey: .level) : 1
        access = try AccessChange(from: decoder)
        multipartBatchSize = try container.decodeIfPresent(Int64.self, forKey: .multipartBatchSize)
        multipartThreshold = try container.decodeIfPresent(Int64.self, forKey: .multipartThreshold)
    }
}

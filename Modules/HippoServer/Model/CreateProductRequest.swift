import SciCore

/// The body of `PUT /product/new`: HIPPO's `CreateProductRequest`.
struct CreateProductRequest: Decodable, Sendable {
    var name: String
    var description: String
    var metadata: JSONValue?
    var sources: [String: PreUploadFile]
    var productReaders: [String]
    var productWriters: [String]
    var multipartBatchSize: Int64?
    /// sci's extension (boto3's name): files up to this size go up in one PUT where the store takes that, larger
    /// ones in parts; HIPPO's own client sends none and always gets parts.
    var multipartThreshold: Int64?

    enum CodingKeys: String, CodingKey {
        case name, description, metadata, sources
        case productReaders = "product_readers", productWriters = "product_writers"
        case multipartBatchSize = "multipart_batch_size"
        case multipartThreshold = "multipart_threshold"
        // hippoclient spells it so (`hippoclient/product.py:190`).
        case misspelledBatchSize = "mutlipart_batch_size"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)
        sources = try container.decodeIfPresent([String: PreUploadFile].self, forKey: .sources) ?? [:]
        productReaders = try container.decodeIfPresent([String].self, forKey: .productReaders) ?? []
        productWriters = try container.decodeIfPresent([String].self, forKey: .productWriters) ?? []
        multipartBatchSize =
            try container.decodeIfPresent(Int64.self, forKey: .multipartBatchSize)
            ?? container.decodeIfPresent(Int64.self, forKey: .misspelledBatchSize)
        multipartThreshold = try container.decodeIfPresent(Int64.self, forKey: .multipartThreshold)
    }
}

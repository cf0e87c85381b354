import SciCore

/// A source file as HIPPO reports it inside a product: `FileMetadata`, and `PostUploadFile` with `url`/`object_name`.
struct FileMetadata: Encodable, Sendable {
    var id: String
    var name: String
    var description: String?
    var uploader: String
    var uuid: String
    var bucket = "global"
    var size: Int64
    var checksum: String
    var slug: String
    var available: Bool

    /// The file as JSON, built directly: what `JSONEncoder` writes (no `description` when there is none), without
    /// encoding text and parsing it back, which cost most of a 1,000-hit search.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "uploader": .string(uploader), "uuid": .string(uuid), "bucket": .string(bucket),
            "size": .int(size), "checksum": .string(checksum), "slug": .string(slug), "available": .bool(available),
        ]
        if let description { members["description"] = .string(description) }
        return .object(members)
    }
}

/// A source with its download URL: HIPPO's `PostUploadFile`.
struct PostUploadFile: Encodable, Sendable {
    var uuid: String
    var name: String
    var size: Int64
    var slug: String
    var checksum: String
    var url: String?
    var description: String?
    var objectName: String?
    var available: Bool

    enum CodingKeys: String, CodingKey {
        case uuid, name, size, slug, checksum, url, description, available
        case objectName = "object_name"
    }
}

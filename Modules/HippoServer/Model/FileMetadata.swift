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

    /// Appends the file as JSON, what `JSONEncoder` writes (no `description` when there is none), without a
    /// `JSONValue` tree or an encoder per file: a 1,000-hit search writes two or three thousand.
    func write(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        func key(_ name: String, first: Bool = false) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(name, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
        key("id", first: true); JSONWriter.writeString(id, into: &bytes)
        key("name"); JSONWriter.writeString(name, into: &bytes)
        if let description { key("description"); JSONWriter.writeString(description, into: &bytes) }
        key("uploader"); JSONWriter.writeString(uploader, into: &bytes)
        key("uuid"); JSONWriter.writeString(uuid, into: &bytes)
        key("bucket"); JSONWriter.writeString(bucket, into: &bytes)
        key("size"); bytes.append(contentsOf: String(size).utf8)
        key("checksum"); JSONWriter.writeString(checksum, into: &bytes)
        key("slug"); JSONWriter.writeString(slug, into: &bytes)
        key("available"); bytes.append(contentsOf: (available ? "true" : "false").utf8)
        bytes.append(UInt8(ascii: "}"))
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

import Foundation
public import SciCore

/// One version of a product as the server reports it (HIPPO's `ProductMetadata`).
public struct ProductRecord: Sendable, Hashable, Codable {
    /// The version's id: each version of a product has its own.
    public var id: String
    /// The name.
    public var name: String
    public var description: String
    /// The metadata as stored, `metadata_type` included.
    public var metadata: JSONValue
    /// When it was first uploaded (ISO 8601, UTC).
    public var uploaded: String
    /// When it last changed (ISO 8601, UTC).
    public var updated: String
    /// Whether this is the newest version.
    public var current: Bool
    /// `major.minor.patch`.
    public var version: String
    /// The version's sources by slug.
    public var sources: [String: FileRecord]
    /// The user who owns it.
    public var owner: String
    /// The version this one revises, by version string.
    public var replaces: String?
    /// Groups that may read it.
    public var readers: [String]
    /// Groups that may change it.
    public var writers: [String]
    /// Products this one is a child of.
    public var childOf: [String]
    /// Products that are children of this one.
    public var parentOf: [String]
    /// Collections holding this version.
    public var collections: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, description, metadata, uploaded, updated, current, version, sources, owner, replaces, readers, writers
        case childOf = "child_of", parentOf = "parent_of", collections
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata) ?? .null
        uploaded = try container.decodeIfPresent(String.self, forKey: .uploaded) ?? ""
        updated = try container.decodeIfPresent(String.self, forKey: .updated) ?? ""
        current = try container.decodeIfPresent(Bool.self, forKey: .current) ?? true
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? "1.0.0"
        sources = try container.decodeIfPresent([String: FileRecord].self, forKey: .sources) ?? [:]
        owner = try container.decodeIfPresent(String.self, forKey: .owner) ?? ""
        replaces = try container.decodeIfPresent(String.self, forKey: .replaces)
        readers = try container.decodeIfPresent([String].self, forKey: .readers) ?? []
        writers = try container.decodeIfPresent([String].self, forKey: .writers) ?? []
        childOf = try container.decodeIfPresent([String].self, forKey: .childOf) ?? []
        parentOf = try container.decodeIfPresent([String].self, forKey: .parentOf) ?? []
        collections = try container.decodeIfPresent([String].self, forKey: .collections) ?? []
    }
}

/// A source file as the server reports it (HIPPO's `FileMetadata`, and `PostUploadFile` with a download URL).
public struct FileRecord: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    public var description: String?
    /// The file's own id, shared by the versions that keep it; caches are keyed by it.
    public var uuid: String
    /// Size in bytes.
    public var size: Int64
    /// `xxh64:<16 hex>`.
    public var checksum: String
    /// The slug the source is filed under.
    public var slug: String
    /// Who uploaded it; part of its cache path.
    public var uploader: String?
    /// A URL to download it from, in `/files` answers.
    public var url: String?
    /// `uploader/uuid/name`: where caches keep it.
    public var objectName: String?
    /// Whether the file's upload has completed.
    public var available: Bool

    enum CodingKeys: String, CodingKey {
        case name, description, uuid, size, checksum, slug, uploader, url, available
        case objectName = "object_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        uuid = try container.decode(String.self, forKey: .uuid)
        size = try container.decodeIfPresent(Int64.self, forKey: .size) ?? 0
        checksum = try container.decodeIfPresent(String.self, forKey: .checksum) ?? ""
        slug = try container.decodeIfPresent(String.self, forKey: .slug) ?? "data"
        uploader = try container.decodeIfPresent(String.self, forKey: .uploader)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        objectName = try container.decodeIfPresent(String.self, forKey: .objectName)
        available = try container.decodeIfPresent(Bool.self, forKey: .available) ?? true
    }

    /// Throws one line unless the server's description of the file can be downloaded and checked: a size that is not
    /// negative and fits in `folder`'s free space, and an `xxh64:` checksum to verify the bytes against.
    func checkDownload(into folder: String) throws {
        guard size >= 0 else { throw SciError("the server says \(name) has \(size) bytes; nothing was written") }
        guard let checksum = Checksum(parsing: checksum), checksum.algorithm == "xxh64" else {
            throw SciError("the server gave no xxh64 checksum for \(name) ('\(checksum.prefix(40))'), so its bytes could not be verified; nothing was written")
        }
        var stats = statvfs()
        if statvfs(folder, &stats) == 0 {
            let (free, overflow) = Int64(clamping: stats.f_bavail).multipliedReportingOverflow(by: Int64(clamping: stats.f_frsize))
            if !overflow, size > free {
                throw SciError("the server says \(name) has \(size) bytes; \(folder) has \(free) bytes free; nothing was written")
            }
        }
    }

    /// Where a cache keeps the file, relative to its folder: the object name, or `uploader/uuid/name` as HIPPO makes it.
    public var cachePath: String { objectName ?? "\(uploader ?? "unknown")/\(uuid)/\(name)" }
}

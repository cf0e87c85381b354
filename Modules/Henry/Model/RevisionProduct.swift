public import HippoMeta
public import SciCore

/// Changes to a product that become its next version when pushed: name, description, metadata (of the same type),
/// new or replaced sources, and dropped ones. `summary` says what changes, as henry prints a revision.
public struct RevisionProduct: Sendable, Hashable {
    /// The version being revised.
    public let revisionOf: RemoteProduct
    /// Which part of the version rises.
    public let level: RevisionLevel
    /// A new name, or nil to keep it.
    public var name: String?
    /// A new description, or nil to keep it.
    public var description: String?
    /// New metadata, or nil to keep it.
    public private(set) var metadata: Metadata?
    /// Files to upload, by slug: new slugs or replacements.
    public private(set) var sources: [String: LocalSource] = [:]
    /// Slugs to drop.
    public private(set) var dropped: Set<String> = []
    /// The new version's id, once pushed.
    public var productID: String?

    init(revisionOf: RemoteProduct, level: RevisionLevel) {
        self.revisionOf = revisionOf
        self.level = level
    }

    /// The version this revision will have.
    public var version: String { level.revise(revisionOf.version) }

    /// Sets new metadata; a product's metadata type cannot change.
    public mutating func setMetadata(_ metadata: Metadata) throws(MetadataError) {
        guard metadata.type == revisionOf.metadata.type else {
            throw MetadataError("a revision cannot change the metadata type from \(revisionOf.metadata.type) to \(metadata.type)")
        }
        self.metadata = metadata
    }

    /// Puts a file under a slug: a replacement when the product has that slug, a new source otherwise.
    public mutating func set(_ slug: String, _ source: LocalSource) throws(InvalidSlug) {
        let valid = revisionOf.metadata.validSlugs
        guard valid.contains(slug) else { throw InvalidSlug(slug: slug, type: revisionOf.metadata.type, validSlugs: valid) }
        sources[slug] = source
        dropped.remove(slug)
    }

    /// Puts the file at `path` under a slug.
    public mutating func set(_ slug: String, path: String, description: String? = nil) throws(InvalidSlug) {
        try set(slug, LocalSource(path: path, description: description ?? revisionOf.sources[slug]?.description))
    }

    /// Drops a source of the product (henry has no way to; HIPPO's API has).
    public mutating func drop(_ slug: String) throws(SciError) {
        guard revisionOf.sources[slug] != nil else {
            throw SciError("the product has no source '\(slug)'; its slugs are \(revisionOf.sources.keys.sorted().joined(separator: ", "))")
        }
        dropped.insert(slug)
        sources[slug] = nil
    }

    /// The changed name, description and metadata fields (nil when unchanged).
    public var changedName: String? { name.flatMap { $0 == revisionOf.name ? nil : $0 } }
    /// The new description, nil when unchanged.
    public var changedDescription: String? { description.flatMap { $0 == revisionOf.description ? nil : $0 } }
    /// The new metadata, nil when unchanged.
    public var changedMetadata: Metadata? { metadata.flatMap { $0 == revisionOf.metadata ? nil : $0 } }
    /// Slugs that are new, and slugs that replace a source.
    public var newSlugs: [String] { sources.keys.filter { revisionOf.sources[$0] == nil }.sorted() }
    /// Slugs whose files are replaced, sorted.
    public var replacedSlugs: [String] { sources.keys.filter { revisionOf.sources[$0] != nil }.sorted() }

    /// Whether anything changes.
    public var hasChanges: Bool {
        changedName != nil || changedDescription != nil || changedMetadata != nil || !sources.isEmpty || !dropped.isEmpty
    }

    /// What the revision changes, one line per kind of change.
    public var summary: String {
        guard hasChanges else { return "A revision object with no changes relative to the parent product" }
        var lines: [String] = []
        if let name = changedName { lines.append("Name: '\(revisionOf.name)' -> '\(name)'") }
        if let description = changedDescription { lines.append("Description: '\(revisionOf.description)' -> '\(description)'") }
        if let metadata = changedMetadata {
            let fields = metadata.changes(from: revisionOf.metadata).map { "[\($0.field)] \(Self.show($0.old)) -> \(Self.show($0.new))" }
            lines.append("Metadata diff: " + fields.joined(separator: ", "))
        }
        if !newSlugs.isEmpty { lines.append("New sources: " + newSlugs.joined(separator: ", ")) }
        if !replacedSlugs.isEmpty { lines.append("Replace sources: " + replacedSlugs.joined(separator: ", ")) }
        if !dropped.isEmpty { lines.append("Drop sources: " + dropped.sorted().joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    /// The problems that keep it from being pushed.
    public var problems: [String] {
        let label = "revision of '\(revisionOf.name)'"
        guard hasChanges else { return ["\(label): no changes detected in this revision; nothing to upload"] }
        return Preflight.textProblems(name: changedName, description: changedDescription, label: label)
            + Preflight.sourceProblems(sources, validSlugs: revisionOf.metadata.validSlugs, type: revisionOf.metadata.type, label: label)
    }

    private static func show(_ value: JSONValue) -> String { value == .null ? "None" : value.plainText }
}

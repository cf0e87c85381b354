public import HippoMeta
public import SciCore
public import Foundation

/// A product's metadata: one `hippometa` type (beam, mapset, catalog, ...) with its fields, validated as the server
/// validates them, so a product that passes here is not refused there.
public struct Metadata: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The fields as JSON, `metadata_type` included; every field of the type is present (null when unset).
    public private(set) var json: JSONValue

    /// Metadata from its JSON form, checked against its type; `null` is `simple`, as in HIPPO.
    public init(json: JSONValue?) throws(MetadataError) {
        self.json = try MetadataKind.validate(json)
    }

    /// The type's `metadata_type`: `beam`, `mapset`, ...
    public var type: String { kind.tag }
    /// The type's definition.
    public var kind: MetadataKind { MetadataKind.of(json) }
    /// The slugs a product of this type may hold sources under.
    public var validSlugs: Set<String> { kind.validSlugs }

    /// A field's value, nil when unset.
    public subscript(field: String) -> JSONValue? {
        guard let value = json[field], value != .null else { return nil }
        return value
    }

    /// Sets a field (nil unsets it), checking the value against the type.
    public mutating func set(_ field: String, to value: JSONValue?) throws(MetadataError) {
        guard field != "metadata_type" else { throw MetadataError("the metadata type cannot be changed") }
        guard kind.fields.contains(where: { $0.name == field }) else {
            throw MetadataError(
                "\(type) metadata has no field '\(field)'; its fields are \(kind.fields.map(\.name).joined(separator: ", "))")
        }
        guard case .object(var members) = json else { return }
        members[field] = value ?? .null
        json = try MetadataKind.validate(.object(members))
    }

    /// The fields whose values differ from `other`'s, by name: (old, new).
    public func changes(from other: Metadata) -> [(field: String, old: JSONValue, new: JSONValue)] {
        kind.fields.compactMap { field in
            let old = other.json[field.name] ?? .null
            let new = json[field.name] ?? .null
            return old == new ? nil : (field.name, old, new)
        }
    }

    /// `metadata_type='mapset' pixelisation='healpix' ...`, as hippometa prints a model.
    public var description: String {
        (["metadata_type"] + kind.fields.map(\.name)).map { field in
            let value = json[field] ?? .null
            return "\(field)=" + (value.stringValue.map { "'\($0)'" } ?? (value == .null ? "None" : value.jsonString()))
        }.joined(separator: " ")
    }

    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            self.json = try MetadataKind.validate(json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension Metadata {
    /// Metadata of a type from field values; unknown or mistyped fields are errors.
    public init(type: String, fields: [String: JSONValue] = [:]) throws(MetadataError) {
        try self.init(json: .object(fields.merging(["metadata_type": .string(type)]) { _, tag in tag }))
    }

    /// `SimpleMetadata`: no fields, one `data` slug.
    public static let simple = try! Metadata(type: "simple")

    /// `BeamMetadata`.
    public static func beam(telescope: String? = nil, instrument: String? = nil, wafer: String? = nil, frequency: String? = nil) -> Metadata {
        try! Metadata(type: "beam", fields: strings(["telescope": telescope, "instrument": instrument, "wafer": wafer, "frequency": frequency]))
    }

    /// `ArchiveMetadata`.
    public static func archive(type archiveType: String) -> Metadata {
        try! Metadata(type: "archive", fields: ["archive_type": .string(archiveType)])
    }

    /// `NumericMetadata`; the value must lie within ±1e100.
    public static func numeric(_ value: Double) throws(MetadataError) -> Metadata {
        try Metadata(type: "numeric", fields: ["value": .double(value)])
    }

    /// `CatalogMetadata`; `fileType` is csv, fits, hdf5 or txt.
    public static func catalog(
        fileType: String, columns: [String: String]? = nil, telescope: String? = nil, instrument: String? = nil,
        release: String? = nil
    ) throws(MetadataError) -> Metadata {
        var fields = strings(["file_type": fileType, "telescope": telescope, "instrument": instrument, "release": release])
        if let columns { fields["column_description"] = .object(columns.mapValues { .string($0) }) }
        return try Metadata(type: "catalog", fields: fields)
    }

    /// `CameraMetadata`: a site camera image taken at `date`.
    public static func camera(date: Date) -> Metadata {
        try! Metadata(type: "camera", fields: ["date": .string(ISO8601.string(date))])
    }

    /// `MapSet`; `pixelisation` is equirectangular, healpix or cartesian.
    public static func mapSet(
        pixelisation: String, telescope: String? = nil, instrument: String? = nil, release: String? = nil,
        season: String? = nil, patch: String? = nil, frequency: String? = nil, polarizationConvention: String? = nil,
        split: String? = nil, tags: [String]? = nil
    ) throws(MetadataError) -> Metadata {
        var fields = strings([
            "pixelisation": pixelisation, "telescope": telescope, "instrument": instrument, "release": release,
            "season": season, "patch": patch, "frequency": frequency, "polarization_convention": polarizationConvention,
            "split": split,
        ])
        if let tags { fields["tags"] = .array(tags.map { .string($0) }) }
        return try Metadata(type: "mapset", fields: fields)
    }

    private static func strings(_ values: [String: String?]) -> [String: JSONValue] {
        values.compactMapValues { $0.map { .string($0) } }
    }
}

extension Metadata {
    /// Metadata of a type from fields given as text, as a user types them (see `set(_:text:)`).
    public init(type: String, texts: [(field: String, text: String)]) throws(MetadataError) {
        guard let kind = MetadataKind.all[type] else {
            throw MetadataError("unknown metadata type '\(type)'; expected one of \(MetadataKind.all.keys.sorted().joined(separator: ", "))")
        }
        var fields: [String: JSONValue] = [:]
        for (field, text) in texts { fields[field] = try Self.value(of: text, for: field, in: kind) }
        try self.init(type: type, fields: fields)
    }

    /// Sets a field from text as a user types it: strings as they are (so `090` stays `090`), numbers parsed, lists
    /// of strings comma-separated or as JSON, objects as JSON; an empty text unsets the field.
    public mutating func set(_ field: String, text: String) throws(MetadataError) {
        try set(field, to: try Self.value(of: text, for: field, in: kind))
    }

    private static func value(of text: String, for field: String, in kind: MetadataKind) throws(MetadataError) -> JSONValue? {
        guard !text.isEmpty else { return nil }
        guard let type = kind.fields.first(where: { $0.name == field })?.type else {
            throw MetadataError("\(kind.tag) metadata has no field '\(field)'; its fields are \(kind.fields.map(\.name).joined(separator: ", "))")
        }
        switch type {
        case .number:
            guard let number = Double(text) else { throw MetadataError("metadata field '\(field)' needs a number, not '\(text)'") }
            return .double(number)
        case .strings:
            return (try? JSONValue(parsing: Data(text.utf8))).flatMap { if case .array = $0 { $0 } else { nil } }
                ?? .array(text.split(separator: ",").map { .string(String($0)) })
        case .stringMap:
            guard let object = try? JSONValue(parsing: Data(text.utf8)) else {
                throw MetadataError("metadata field '\(field)' needs a JSON object like {\"ra\": \"degrees\"}")
            }
            return object
        default:
            return .string(text)
        }
    }
}

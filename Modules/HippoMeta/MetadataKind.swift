public import SciCore
import Foundation

/// One `hippometa` metadata type: its `metadata_type` tag, its fields and the slugs its sources may use.
public struct MetadataKind: Sendable {
    /// What a field may hold, as the pydantic model types it.
    public enum FieldType: Sendable {
        case string
        case choice([String])
        case number
        case stringOrInteger
        case strings
        case stringMap
        case dateTime
    }

    /// A field of the model; `required` ones have no default in hippometa.
    public struct Field: Sendable {
        /// The name.
        public var name: String
        /// What values the field takes.
        public var type: FieldType
        /// Whether hippometa requires a value (no default).
        public var required = false
    }

    /// The `metadata_type` value.
    public var tag: String
    /// The model's fields, besides `metadata_type`.
    public var fields: [Field]
    /// The slugs a product of this type may use for its sources.
    public var validSlugs: Set<String>

    /// Every type hippometa 0.2.10 defines (`hippometa/__init__.py`).
    public static let all: [String: MetadataKind] = {
        let kinds = [
            MetadataKind(tag: "archive", fields: [Field(name: "archive_type", type: .string, required: true)], validSlugs: ["data"]),
            MetadataKind(
                tag: "beam",
                fields: ["telescope", "instrument", "wafer", "frequency"].map { Field(name: $0, type: .string) },
                validSlugs: ["data"]),
            MetadataKind(
                tag: "mapset",
                fields: [Field(name: "pixelisation", type: .choice(["equirectangular", "healpix", "cartesian"]), required: true)]
                    + ["telescope", "instrument", "release", "season", "patch", "frequency", "polarization_convention"].map {
                        Field(name: $0, type: .string)
                    }
                    + [Field(name: "split", type: .stringOrInteger), Field(name: "tags", type: .strings)],
                validSlugs: [
                    "map", "source_only", "source_free", "ivar", "xlink", "mask", "hits", "weights", "time", "file_names", "data",
                ]),
            MetadataKind(
                tag: "catalog",
                fields: [
                    Field(name: "file_type", type: .choice(["csv", "fits", "hdf5", "txt"]), required: true),
                    Field(name: "column_description", type: .stringMap),
                ] + ["telescope", "instrument", "release"].map { Field(name: $0, type: .string) },
                validSlugs: ["data"]),
            MetadataKind(tag: "numeric", fields: [Field(name: "value", type: .number, required: true)], validSlugs: ["data"]),
            MetadataKind(tag: "simple", fields: [], validSlugs: ["data"]),
            MetadataKind(
                tag: "camera", fields: [Field(name: "date", type: .dateTime, required: true)],
                validSlugs: [
                    "act_highbay", "busbar", "c1", "c2", "c2_front", "c3", "c3_front", "c4", "c4_front", "c5", "highbay_back",
                    "highbay_cargo", "lat_g5", "lat_highbay", "lat_shutter", "latr", "mirror1_latr", "mirror2_latr",
                    "pumphouse", "pumphouse_inside", "satp1", "satp2", "satp3", "site_entrance",
                ]),
        ]
        return Dictionary(uniqueKeysWithValues: kinds.map { ($0.tag, $0) })
    }()

    /// The kind of stored (already validated) metadata.
    public static func of(_ metadata: JSONValue) -> MetadataKind {
        metadata["metadata_type"]?.stringValue.flatMap { all[$0] } ?? all["simple"]!
    }

    /// Checks metadata as pydantic would and returns it normalised: every field present (null when absent),
    /// unknown keys dropped. `null` metadata means `simple`, as in HIPPO.
    public static func validate(_ metadata: JSONValue?) throws(MetadataError) -> JSONValue {
        guard let metadata, metadata != .null else { return .object(["metadata_type": .string("simple")]) }
        guard case .object(let members) = metadata else { throw MetadataError("metadata must be an object") }
        guard let tag = members["metadata_type"]?.stringValue else {
            throw MetadataError("metadata needs a metadata_type, one of \(all.keys.sorted().joined(separator: ", "))")
        }
        guard let kind = all[tag] else {
            throw MetadataError("unknown metadata_type '\(tag)'; expected one of \(all.keys.sorted().joined(separator: ", "))")
        }
        var normalised: [String: JSONValue] = ["metadata_type": .string(tag)]
        for field in kind.fields {
            let value = members[field.name] ?? .null
            if value == .null {
                if field.required { throw MetadataError("metadata field '\(field.name)' is required for \(tag)") }
                normalised[field.name] = .null
                continue
            }
            guard let accepted = field.type.accept(value) else {
                throw MetadataError("metadata field '\(field.name)' of \(tag) must be \(field.type.expectation)")
            }
            normalised[field.name] = accepted
        }
        return .object(normalised)
    }

    /// Throws unless every slug is valid for this kind.
    public func check(slugs: some Sequence<String>) throws(MetadataError) {
        for slug in slugs where !validSlugs.contains(slug) {
            throw MetadataError(
                invalidSlug: slug, "slug '\(slug)' is not valid for \(tag) metadata; valid slugs: \(validSlugs.sorted().joined(separator: ", "))")
        }
    }
}

extension MetadataKind.FieldType {
    /// The value as pydantic would coerce it, or nil when it does not fit.
    public func accept(_ value: JSONValue) -> JSONValue? {
        switch self {
        case .string:
            return value.stringValue.map { .string($0) }
        case .choice(let choices):
            return value.stringValue.flatMap { choices.contains($0) ? .string($0) : nil }
        case .number:
            guard let number = value.doubleValue, abs(number) <= 1e100 else { return nil }
            return .double(number)
        case .stringOrInteger:
            if case .string = value { return value }
            return value.intValue.map { .int($0) }
        case .strings:
            guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else { return nil }
            return value
        case .stringMap:
            guard case .object(let members) = value, members.values.allSatisfy({ $0.stringValue != nil }) else { return nil }
            return value
        case .dateTime:
            guard let text = value.stringValue, MetadataKind.parseDate(text) else { return nil }
            return value
        }
    }

    /// What the field expects, for the error message.
    public var expectation: String {
        switch self {
        case .string: return "a string"
        case .choice(let choices): return "one of \(choices.joined(separator: ", "))"
        case .number: return "a number between -1e100 and 1e100"
        case .stringOrInteger: return "a string or an integer"
        case .strings: return "a list of strings"
        case .stringMap: return "an object of strings"
        case .dateTime: return "an ISO 8601 date and time"
        }
    }
}

extension MetadataKind {
    /// Whether `text` is an ISO 8601 date-time as pydantic accepts it (fraction and zone optional).
    public static func parseDate(_ text: String) -> Bool {
        let pattern = #"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }
}

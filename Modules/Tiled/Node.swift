public import SciCore

/// One entry of a Tiled server: a container, an array, a table, ...
public struct Node: Decodable, Sendable {
    /// The node's key within its parent.
    public var key: String
    /// The keys of its ancestors, from the root.
    public var ancestors: [String]
    /// `container`, `array`, `table`, `sparse`, `awkward`, ...
    public var structureFamily: String
    /// The specs it declares (`BlueskyRun`, ...).
    public var specs: [String]
    /// Free-form metadata.
    public var metadata: [String: JSONValue]
    /// The structure as the server sends it; decoded views are `arrayStructure` and `tableStructure`.
    public var structure: JSONValue

    /// The node's full path from the root, without a leading slash.
    public var path: String { (ancestors + [key]).joined(separator: "/") }

    /// The shape, data type and chunks of an array node; nil for other families.
    public var arrayStructure: ArrayStructure? {
        guard structureFamily == "array" else { return nil }
        return try? ArrayStructure(structure)
    }

    /// The columns and partitions of a table node; nil for other families.
    public var tableStructure: TableStructure? {
        guard structureFamily == "table", case .object(let fields) = structure else { return nil }
        let columns = fields["columns"].flatMap { value -> [String]? in
            guard case .array(let items) = value else { return nil }
            return items.compactMap(\.stringValue)
        } ?? []
        return TableStructure(columns: columns, partitions: Int(fields["npartitions"]?.intValue ?? 1))
    }

    /// The number of children of a container when the server says it.
    public var childCount: Int? { structure["count"]?.intValue.map(Int.init) }

    enum CodingKeys: String, CodingKey { case id, attributes }
    enum AttributeKeys: String, CodingKey {
        case ancestors, structureFamily = "structure_family", specs, metadata, structure
    }
    struct Spec: Decodable { var name: String }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .id)
        let attributes = try container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes)
        ancestors = try attributes.decodeIfPresent([String].self, forKey: .ancestors) ?? []
        // A listing with `fields=` leaves every attribute null; such nodes are only keys.
        structureFamily = try attributes.decodeIfPresent(String.self, forKey: .structureFamily) ?? ""
        specs = try attributes.decodeIfPresent([Spec].self, forKey: .specs)?.map(\.name) ?? []
        metadata = try attributes.decodeIfPresent([String: JSONValue].self, forKey: .metadata) ?? [:]
        structure = try attributes.decodeIfPresent(JSONValue.self, forKey: .structure) ?? .null
    }
}

/// The columns of a table and how many partitions hold its rows.
public struct TableStructure: Sendable, Hashable {
    /// Column names, in order.
    public var columns: [String]
    /// How many partitions the rows are split into.
    public var partitions: Int
}

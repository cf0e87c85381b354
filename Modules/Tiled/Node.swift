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

    /// A node from the resource a server sends, `{"id": ..., "attributes": {...}}`; nil when it is not one.
    init?(resource: JSONValue) {
        guard let key = resource["id"]?.stringValue, case .object(let attributes)? = resource["attributes"] else { return nil }
        self.key = key
        func strings(_ value: JSONValue?) -> [String] {
            guard case .array(let items)? = value else { return [] }
            return items.compactMap { $0.stringValue ?? $0["name"]?.stringValue }
        }
        ancestors = strings(attributes["ancestors"])
        // A listing with `fields=` leaves every attribute null; such nodes are only keys.
        structureFamily = attributes["structure_family"]?.stringValue ?? ""
        specs = strings(attributes["specs"])
        if case .object(let metadata)? = attributes["metadata"] { self.metadata = metadata } else { metadata = [:] }
        structure = attributes["structure"] ?? .null
    }

    /// Decodes a node from a JSON:API resource. The client itself reads nodes with `JSONParser`, which keeps a
    /// metadata float such as `300.0` a float; through `Decoder` it may arrive as the integer 300.
    public init(from decoder: any Decoder) throws {
        guard let node = Node(resource: try JSONValue(from: decoder)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a node without an id or attributes"))
        }
        self = node
    }
}

/// The columns of a table and how many partitions hold its rows.
public struct TableStructure: Sendable, Hashable {
    /// Column names, in order.
    public var columns: [String]
    /// How many partitions the rows are split into.
    public var partitions: Int
}

/// One dimension of a universe (`instrument`, `detector`, `observation`) and its table of records.
public struct DimensionElement: Sendable, Hashable, Codable {
    /// The dimension's name.
    public var name: String
    /// What the dimension is.
    public var doc: String?
    /// Its keys: the first is the primary key, the others are alternate (unique) keys.
    public var keys: [DimensionField]
    /// Dimensions that must be given with this one (`detector` requires `instrument`).
    public var requires: [String]
    /// Dimensions whose values a record of this one determines (`exposure` implies `physical_filter`).
    public var implies: [String]
    /// Other fields of its records.
    public var metadata: [DimensionField]
    /// Whether it partitions the data (`instrument`).
    public var isGovernor: Bool
    /// Whether its records carry a validity timespan (it is in a `topology.temporal` family).
    public var isTemporal: Bool
    /// Whether its records carry a sky region (it is in a `topology.spatial` family).
    public var isSpatial: Bool

    /// The primary key.
    public var primaryKey: DimensionField { keys[0] }

    /// An element; at least one key is needed.
    public init(
        name: String, doc: String? = nil, keys: [DimensionField], requires: [String] = [], implies: [String] = [],
        metadata: [DimensionField] = [], isGovernor: Bool = false, isTemporal: Bool = false, isSpatial: Bool = false
    ) {
        self.name = name
        self.doc = doc
        self.keys = keys
        self.requires = requires
        self.implies = implies
        self.metadata = metadata
        self.isGovernor = isGovernor
        self.isTemporal = isTemporal
        self.isSpatial = isSpatial
    }

    /// Every field a record of it may hold, other than the dimension columns: alternate keys and metadata.
    public var recordFields: [DimensionField] { Array(keys.dropFirst()) + metadata }
}

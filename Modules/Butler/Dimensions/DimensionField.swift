/// One column of a dimension element: a key (`id`, `full_name`) or a metadata field (`exposure_time`).
public struct DimensionField: Sendable, Hashable, Codable {
    /// The kinds of value daf_butler's dimension configuration names.
    public enum ValueType: String, Sendable, Hashable, Codable {
        case int, string, float, bool, hash, datetime, timestamp, region

        /// The SQLite column type.
        var sqlType: String {
            switch self {
            case .int, .bool, .datetime, .timestamp: return "INTEGER"
            case .float: return "REAL"
            case .string, .hash, .region: return "TEXT"
            }
        }
    }

    /// The field's name.
    public var name: String
    /// The kind of value.
    public var type: ValueType
    /// The longest string allowed, when the configuration says.
    public var length: Int?
    /// What the field means.
    public var doc: String?

    /// A field.
    public init(name: String, type: ValueType, length: Int? = nil, doc: String? = nil) {
        self.name = name
        self.type = type
        self.length = length
        self.doc = doc
    }
}

/// A data ID: the values of a dataset's dimensions, `{instrument: 'SPHEREx', observation: 3, detector: 1}`.
public struct DataId: Sendable, Hashable, CustomStringConvertible, Codable {
    /// Dimension name to value.
    public var values: [String: DataIdValue]

    /// A data ID from dimension values.
    public init(_ values: [String: DataIdValue] = [:]) { self.values = values }

    /// The value of one dimension.
    public subscript(dimension: String) -> DataIdValue? {
        get { values[dimension] }
        set { values[dimension] = newValue }
    }

    /// Only the given dimensions (those present).
    public func subset(_ dimensions: [String]) -> DataId {
        DataId(values.filter { dimensions.contains($0.key) })
    }

    /// `{detector: 1, instrument: SPHEREx}` with dimensions sorted by name.
    public var description: String {
        "{" + values.keys.sorted().map { "\($0): \(values[$0]!)" }.joined(separator: ", ") + "}"
    }

    public init(from decoder: any Decoder) throws {
        values = try [String: DataIdValue](from: decoder)
    }

    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
}

extension DataId: ExpressibleByDictionaryLiteral {
    /// `["instrument": "SPHEREx", "detector": 1]`.
    public init(dictionaryLiteral elements: (String, DataIdValue)...) {
        self.init(Dictionary(uniqueKeysWithValues: elements))
    }
}

/// One column of a binary table to write: its name, its values and, optionally, a unit and a multi-dimensional shape.
public struct FITSTableColumn: Sendable, Equatable {
    /// The values of a column, one per row, in the FITS type that stores them.
    public enum Values: Sendable, Equatable {
        /// 64-bit floats (TFORM `D`).
        case double([Double])
        /// 32-bit floats (TFORM `E`).
        case float([Float])
        /// 16-bit integers (TFORM `I`).
        case int16([Int16])
        /// 32-bit integers (TFORM `J`).
        case int32([Int32])
        /// Fixed-width text (TFORM `<width>A`); shorter strings are padded with spaces.
        case text([String], width: Int)

        /// How many rows the column holds.
        public var count: Int {
            switch self {
            case .double(let values): values.count
            case .float(let values): values.count
            case .int16(let values): values.count
            case .int32(let values): values.count
            case .text(let values, _): values.count
            }
        }

        /// The TFORM code, e.g. `1D` or `13200A`.
        var form: String {
            switch self {
            case .double: "1D"
            case .float: "1E"
            case .int16: "1I"
            case .int32: "1J"
            case .text(_, let width): "\(width)A"
            }
        }
    }

    /// The column name (TTYPE).
    public var name: String
    /// The values, one per row.
    public var values: Values
    /// The unit (TUNIT), if any.
    public var unit: String?
    /// The shape of each cell (TDIM), e.g. `[80, 36]` for an LDAC header of 36 cards; nil for a scalar.
    public var dimensions: [Int]?

    /// A column named `name` holding `values`.
    public init(_ name: String, _ values: Values, unit: String? = nil, dimensions: [Int]? = nil) {
        self.name = name
        self.values = values
        self.unit = unit
        self.dimensions = dimensions
    }
}

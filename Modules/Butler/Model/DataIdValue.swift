public import SciCore

/// The value of one dimension in a data ID: an integer key (`detector=1`) or a string key (`instrument='SPHEREx'`).
public enum DataIdValue: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    case int(Int64)
    case string(String)

    /// The text daf_butler's `str()` gives, used in ids and file templates.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }

    /// The value as JSON, for output rows.
    public var json: JSONValue {
        switch self {
        case .int(let value): return .int(value)
        case .string(let value): return .string(value)
        }
    }

    /// Reads `text` as the kind of value `type` names (`int` keys parse as integers).
    public init(parsing text: String, as type: DimensionField.ValueType) throws {
        switch type {
        case .int:
            // Trimming only when needed: ingest parses every file's data ID.
            guard let value = Int64(text) ?? Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ButlerError.invalidDataId("'\(text)' is not an integer")
            }
            self = .int(value)
        default:
            self = .string(text)
        }
    }

    public static func < (lhs: DataIdValue, rhs: DataIdValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b
        case (.string(let a), .string(let b)): return a < b
        case (.int, .string): return true
        case (.string, .int): return false
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) { self = .int(value) } else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

extension DataIdValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// `1` in a data ID literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// `"SPHEREx"` in a data ID literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

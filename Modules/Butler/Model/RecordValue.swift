public import GRDB
public import SciCore

/// A value in a dimension record: a key (integer or string), a float, or nothing.
public enum RecordValue: Sendable, Hashable {
    case int(Int64)
    case float(Double)
    case string(String)
    case null

    /// Wraps a data ID value.
    public init(_ value: DataIdValue) {
        switch value {
        case .int(let value): self = .int(value)
        case .string(let value): self = .string(value)
        }
    }

    /// Reads an SQLite value.
    public init(_ value: DatabaseValue) {
        switch value.storage {
        case .int64(let value): self = .int(value)
        case .double(let value): self = .float(value)
        case .string(let value): self = .string(value)
        case .blob, .null: self = .null
        }
    }

    /// Reads text as the given field type (empty text is NULL).
    public init(parsing text: String, as type: DimensionField.ValueType) throws {
        if text.isEmpty {
            self = .null
            return
        }
        switch type {
        case .int, .bool, .datetime, .timestamp:
            guard let value = Int64(text) else { throw ButlerError.invalidDataId("'\(text)' is not an integer") }
            self = .int(value)
        case .float:
            guard let value = Double(text) else { throw ButlerError.invalidDataId("'\(text)' is not a number") }
            self = .float(value)
        case .string, .hash, .region: self = .string(text)
        }
    }

    /// As a data ID value, when it is a key.
    public var dataIdValue: DataIdValue? {
        switch self {
        case .int(let value): return .int(value)
        case .string(let value): return .string(value)
        default: return nil
        }
    }

    /// As JSON for output.
    public var json: JSONValue {
        switch self {
        case .int(let value): return .int(value)
        case .float(let value): return .double(value)
        case .string(let value): return .string(value)
        case .null: return .null
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .int(let value): return value.databaseValue
        case .float(let value): return value.databaseValue
        case .string(let value): return value.databaseValue
        case .null: return .null
        }
    }
}

extension DataIdValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .int(let value): return value.databaseValue
        case .string(let value): return value.databaseValue
        }
    }

    init?(_ value: DatabaseValue) {
        switch value.storage {
        case .int64(let value): self = .int(value)
        case .string(let value): self = .string(value)
        default: return nil
        }
    }
}

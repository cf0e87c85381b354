public import Foundation

/// Free-form JSON: HIPPO metadata, Tiled metadata, butler records, table rows.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    /// An integer that fits in Int64 (every integer from JSON text that fits is this case).
    case int(Int64)
    /// An integer above `Int64.max`, up to `UInt64.max`: uint64 data (Tiled arrays and tables, numpy) stays exact.
    /// Smaller values are always `.int`; `JSONValue.integer(_:)` picks the case.
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .uint(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .uint(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// An unsigned integer as JSON: `.int` when it fits in Int64, `.uint` above.
    public static func integer(_ value: UInt64) -> JSONValue {
        value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
    }

    /// Parses JSON text (with `JSONParser`, which keeps `300.0` a float; decoding through `JSONDecoder`, as inside
    /// a `Decodable` type, cannot tell it from `300`).
    public init(parsing data: Data) throws {
        self = try JSONParser.parse(data)
    }

    /// Compact JSON text with sorted keys, stable enough to script against (`pretty`: indented, for files people read).
    /// A `Double` keeps its fraction (`300.0`), which `JSONEncoder` would drop.
    public func jsonString(pretty: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        JSONWriter.write(self, into: &bytes, indent: pretty ? 0 : nil)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The member of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a Double, when this is a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The number as an integer, when this is an integral number that fits in Int64.
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int64(value)
        default: return nil
        }
    }

    /// The number as an unsigned integer, when this is a non-negative integral number that fits in UInt64.
    public var uint64Value: UInt64? {
        switch self {
        case .int(let value) where value >= 0: return UInt64(value)
        case .uint(let value): return value
        case .double(let value) where value.rounded() == value && value >= 0 && value < 1.8e19: return UInt64(value)
        default: return nil
        }
    }

    /// The text a table or CSV cell shows: strings bare, everything else as compact JSON.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return value.rounded() == value && abs(value) < 1e15 ? String(format: "%.1f", value) : String(value)
        case .array, .object: return jsonString()
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

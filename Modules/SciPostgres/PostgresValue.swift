/// One value sent to or read from PostgreSQL: the types a registry needs, with SQL NULL as a case of its own.
public enum PostgresValue: Sendable, Equatable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// `bigint` (and `smallint`, `integer`, `oid` when read).
    case integer(Int64)
    /// `double precision` (and `real` when read).
    case double(Double)
    /// `text` (and any type without a case of its own, in PostgreSQL's text form, for example `uuid` or `numeric`).
    case text(String)
    /// `boolean`.
    case bool(Bool)
    /// `bytea`.
    case bytes([UInt8])

    /// The integer, or nil for any other case.
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The double, or nil for any other case.
    public var double: Double? { if case .double(let value) = self { value } else { nil } }
    /// The text, or nil for any other case.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
    /// The boolean, or nil for any other case.
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The bytes, or nil for any other case.
    public var bytes: [UInt8]? { if case .bytes(let value) = self { value } else { nil } }
    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }

    /// The value as SQL would show it (bytes in PostgreSQL's hex form), for messages and tests.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .double(let value): Self.text(of: value)
        case .text(let value): value
        case .bool(let value): value ? "true" : "false"
        case .bytes(let value): "\\x" + value.map { Self.hexDigits[Int($0 >> 4)] + Self.hexDigits[Int($0 & 0xF)] }.joined()
        }
    }

    /// PostgreSQL's spelling of a double: its input does not accept Swift's `inf` and `nan`.
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }

    private static let hexDigits = (0..<16).map { String($0, radix: 16) }

    /// Reads `bytea`'s hex output (`\x0aff`); nil when the text is not that form.
    static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

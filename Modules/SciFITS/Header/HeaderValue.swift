/// The value of a header keyword: a string, integer, real, logical, complex number, or explicitly no value.
public enum HeaderValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A character string; long strings are written over CONTINUE cards.
    case string(String)
    /// An integer.
    case integer(Int)
    /// A real number (FITS floating point).
    case double(Double)
    /// A logical, T or F.
    case bool(Bool)
    /// A complex number, written `(real, imaginary)`.
    case complex(real: Double, imaginary: Double)
    /// A keyword present with no value (`KEY     =  / comment`), what astropy calls Undefined.
    case undefined

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer, when this is an integer (or a real with no fractional part that fits).
    public var intValue: Int? {
        switch self {
        case .integer(let value): return value
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The number as a Double, when this is an integer or a real.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The logical, when this is T or F.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as it reads in a header, without quotes for strings.
    public var description: String {
        switch self {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "T" : "F"
        case .complex(let real, let imaginary): return "(\(real), \(imaginary))"
        case .undefined: return ""
        }
    }
}

extension HeaderValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    /// A string value from a literal: `header["OBJECT"] = "M31"`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value from a literal.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A real value from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A logical value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

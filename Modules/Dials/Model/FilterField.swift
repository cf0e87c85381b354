/// One filter a DIALS endpoint accepts, and the type of its value.
public struct FilterField: Sendable, Hashable {
    /// The type of a filter's value.
    public enum Kind: Sendable, Hashable {
        case int, string, bool, ints
    }

    /// The query parameter, as cmsdials spells it (`run_number__gte`).
    public var name: String
    /// The value's type.
    public var kind: Kind

    /// An integer filter.
    public static func int(_ name: String) -> FilterField { FilterField(name: name, kind: .int) }
    /// A text filter; `__regex` ones are PostgreSQL regular expressions on the server.
    public static func string(_ name: String) -> FilterField { FilterField(name: name, kind: .string) }
    /// A true/false filter.
    public static func bool(_ name: String) -> FilterField { FilterField(name: name, kind: .bool) }
    /// A list of integers (`__in`), sent comma-separated.
    public static func ints(_ name: String) -> FilterField { FilterField(name: name, kind: .ints) }
}

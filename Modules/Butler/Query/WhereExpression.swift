/// A parsed where-expression: daf_butler's query language as a tree, each node knowing its column for errors.
public indirect enum WhereExpression: Sendable, Equatable {
    /// A literal value.
    case literal(WhereLiteral, column: Int)
    /// `NULL`.
    case null(column: Int)
    /// `detector`, `observation.obs_name`, `observation.timespan.begin`.
    case identifier(String, column: Int)
    /// `:name`.
    case bind(String, column: Int)
    /// `-x`, `+x`, `NOT x`.
    case unary(String, WhereExpression, column: Int)
    /// `a = b`, `a AND b`, `a + b`, `a OVERLAPS b`.
    case binary(String, WhereExpression, WhereExpression, column: Int)
    /// `x [NOT] IN (items)`.
    case isIn(WhereExpression, [WhereInItem], negated: Bool, column: Int)
    /// `GLOB(x, 'pattern')`, `UUID('...')`.
    case function(String, [WhereExpression], column: Int)
    /// `(a, b)`: a timespan.
    case tuple(WhereExpression, WhereExpression, column: Int)

    /// The column where this node starts, 1-based.
    public var column: Int {
        switch self {
        case .literal(_, let column), .null(let column), .identifier(_, let column), .bind(_, let column),
            .unary(_, _, let column), .binary(_, _, _, let column), .isIn(_, _, _, let column),
            .function(_, _, let column), .tuple(_, _, let column):
            return column
        }
    }

    /// Parses `text`; errors say at which column.
    public init(parsing text: String) throws {
        var parser = WhereParser(text)
        self = try parser.parse()
    }
}

/// A literal in a where-expression.
public enum WhereLiteral: Sendable, Equatable {
    case int(Int64)
    case float(Double)
    case string(String)
    /// A time as TAI nanoseconds since 1970 TAI, the registry's encoding.
    case time(Int64)
}

/// One item of an `IN (...)` list: a value or an integer range.
public enum WhereInItem: Sendable, Equatable {
    case value(WhereExpression)
    /// `start..stop[:stride]`, inclusive at both ends.
    case range(start: Int64, stop: Int64, stride: Int64)
}

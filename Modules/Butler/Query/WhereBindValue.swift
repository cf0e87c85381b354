/// A value bound to a name in a where-expression (`:obs`, or a bare `dets` that is a key of the bind map).
public enum WhereBindValue: Sendable, Equatable {
    case int(Int64)
    case float(Double)
    case string(String)
    /// A time as TAI nanoseconds since 1970 TAI.
    case time(Int64)
    /// A list, for `IN (:dets)` or `IN (dets)`.
    case list([WhereBindValue])
}

/// One token of a where-expression, with the 1-based column where it starts.
struct WhereToken: Equatable, Sendable {
    /// The kinds of token daf_butler's lexer knows.
    enum Kind: Equatable, Sendable {
        case keyword(String)  // IN OR AND NOT OVERLAPS, upper-cased
        case null
        case op(String)  // = != < <= > >= + - * / % ( ) ,
        case int(Int64)
        case float(Double)
        case string(String)
        case time(String)
        case range(start: Int64, stop: Int64, stride: Int64)
        case identifier(String)
        case bind(String)
        case end
    }

    /// What it is.
    var kind: Kind
    /// Where it starts, 1-based.
    var column: Int
}

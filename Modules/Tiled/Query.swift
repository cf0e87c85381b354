public import Foundation
public import SciCore

/// Conditions on a container's children, all of which must hold (Tiled ANDs its filters).
public struct Query: Sendable, Hashable {
    /// One condition, in the words of Tiled's query types.
    public enum Condition: Sendable, Hashable {
        /// Words anywhere in the metadata.
        case fulltext(String, caseSensitive: Bool = false)
        /// `key == value` on a dotted metadata key.
        case eq(String, JSONValue)
        /// `key != value`.
        case notEq(String, JSONValue)
        /// `key < value` and friends.
        case comparison(Comparison, String, JSONValue)
        /// The list at `key` contains `value`.
        case contains(String, JSONValue)
        /// The value at `key` is one of `values`.
        case isIn(String, [JSONValue])
        /// The value at `key` is none of `values`.
        case notIn(String, [JSONValue])
        /// The string at `key` matches a regular expression.
        case regex(String, pattern: String, caseSensitive: Bool = true)
        /// The string at `key` matches an SQL LIKE pattern (`%` any run, `_` one character).
        case like(String, pattern: String)
        /// `key` is present (or absent when `exists` is false).
        case keyPresent(String, exists: Bool = true)
        /// The node declares every spec in `include` and none in `exclude`.
        case specs(include: [String], exclude: [String] = [])
        /// The node is of this structure family (`array`, `table`, `container`, ...).
        case structureFamily(String)
        /// The child with this key.
        case lookup(String)
        /// Only children whose keys are listed.
        case keys([String])
        /// Only children carrying one of these access tags (servers with an access policy).
        case accessTags([String])
    }

    /// `<`, `<=`, `>`, `>=`.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case lt, le, gt, ge
    }

    /// The conditions, all of which must hold.
    public var conditions: [Condition]

    /// A query of `conditions` (none: every child).
    public init(_ conditions: [Condition] = []) { self.conditions = conditions }

    /// This query and one more condition.
    public func and(_ condition: Condition) -> Query { Query(conditions + [condition]) }

    /// Whether some conditions are judged by sci rather than the server (case-sensitive fulltext).
    public var filtersLocally: Bool {
        conditions.contains { if case .fulltext(_, true) = $0 { true } else { false } }
    }

    /// Whether `node` passes the parts the server cannot judge (case-sensitive fulltext).
    public func admitsLocally(_ node: Node) -> Bool {
        conditions.allSatisfy { condition in
            guard case .fulltext(let text, true) = condition else { return true }
            return JSONValue.object(node.metadata).jsonString().contains(text)
        }
    }

    /// The name of each condition's query type as the server advertises it in `queries`.
    public var queryTypes: [String] { conditions.map(\.queryType) }

    /// The `filter[TYPE][condition][FIELD]=VALUE` parameters, in order; JSON fields are JSON-encoded as Tiled expects.
    public var queryItems: [URLQueryItem] {
        conditions.flatMap { condition in
            condition.fields.map { URLQueryItem(name: "filter[\(condition.queryType)][condition][\($0.0)]", value: $0.1) }
        }
    }
}

extension Query.Condition {
    /// Tiled's name for this query type.
    public var queryType: String {
        switch self {
        case .fulltext: return "fulltext"
        case .eq: return "eq"
        case .notEq: return "noteq"
        case .comparison: return "comparison"
        case .contains: return "contains"
        case .isIn: return "in"
        case .notIn: return "notin"
        case .regex: return "regex"
        case .like: return "like"
        case .keyPresent: return "keypresent"
        case .specs: return "specs"
        case .structureFamily: return "structure_family"
        case .lookup: return "lookup"
        case .keys: return "keys_filter"
        case .accessTags: return "access_tags_filter"
        }
    }

    var fields: [(String, String)] {
        func json(_ value: JSONValue) -> String { value.jsonString() }
        func json(_ values: [String]) -> String { JSONValue.array(values.map { .string($0) }).jsonString() }
        switch self {
        case .fulltext(let text, _):
            // The server matches words without regard to case; case-sensitive matching is narrowed client-side.
            return [("text", text)]
        case .eq(let key, let value), .notEq(let key, let value), .contains(let key, let value):
            return [("key", key), ("value", json(value))]
        case .comparison(let op, let key, let value):
            return [("operator", op.rawValue), ("key", key), ("value", json(value))]
        case .isIn(let key, let values), .notIn(let key, let values):
            return [("key", key), ("value", json(.array(values)))]
        case .regex(let key, let pattern, let caseSensitive):
            return [("key", key), ("pattern", pattern), ("case_sensitive", caseSensitive ? "true" : "false")]
        case .like(let key, let pattern):
            return [("key", key), ("pattern", json(.string(pattern)))]
        case .keyPresent(let key, let exists):
            return [("key", key), ("exists", exists ? "true" : "false")]
        case .specs(let include, let exclude):
            return [("include", json(include)), ("exclude", json(exclude))]
        case .structureFamily(let family):
            return [("value", family)]
        case .lookup(let key):
            return [("key", key)]
        case .keys(let keys):
            return [("keys", json(keys))]
        case .accessTags(let tags):
            return [("tags", json(tags))]
        }
    }
}

/// One sort key: a dotted metadata key, or `id` for the node's key; descending when `descending`.
public struct SortKey: Sendable, Hashable {
    /// The metadata key.
    public var key: String
    /// Largest first.
    public var descending: Bool

    /// A sort key.
    public init(_ key: String, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    /// `-start.scan_id` or `start.scan_id` (a leading `+` is allowed).
    public init(parsing text: String) throws {
        var key = Substring(text)
        descending = key.hasPrefix("-")
        if key.hasPrefix("-") || key.hasPrefix("+") { key = key.dropFirst() }
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
            throw SciError("bad sort key '\(text)'", hint: "use a dotted metadata key, - first for descending: -start.scan_id",
                           exitCode: SciError.usageExitCode)
        }
        self.key = String(key)
    }

    var parameter: String { (descending ? "-" : "") + key }
}

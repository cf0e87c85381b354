import Foundation
import GRDB
import SciSky

/// Turns a where-expression into an SQL condition over a query's tables, so filtering happens in the database with
/// its indexes rather than in memory. One translator serves both engines: the SQL differs only where `dialect` says
/// (boolean literals, globs, SQLite's planner hint); placeholders are `?` here and numbered for PostgreSQL when run. Dimension metadata (`observation.obs_name`) and implied dimensions (`band`, through
/// `physical_filter`) join the element tables on demand.
///
/// Types are checked as daf_butler checks them (`detector = '1'` and `exposure_time + 1` are refused, `/` divides
/// exactly), and every piece of SQL carries its own `?` values, so values are bound in the order the SQL names them
/// however the pieces are put together.
final class WhereTranslator {
    /// A piece of SQL and the values of its `?` placeholders, in order.
    struct Fragment {
        var sql: String
        var arguments: [DatabaseValue] = []

        static func value(_ value: DatabaseValue) -> Fragment { Fragment(sql: "?", arguments: [value]) }

        /// An integer written into the SQL: SQLite binds at most 32,766 values a statement, and an IN list or OR
        /// chain may be longer. Negative numbers are parenthesized, so `- -1` never becomes an SQL comment.
        static func int(_ value: Int64) -> Fragment { Fragment(sql: value < 0 ? "(\(value))" : "\(value)") }

        /// The fragments joined by `separator`, their values in the same order.
        static func joined(_ parts: [Fragment], separator: String) -> Fragment {
            Fragment(sql: parts.map(\.sql).joined(separator: separator), arguments: parts.flatMap(\.arguments))
        }

        /// `template` with each `$` replaced by the next part.
        static func make(_ template: String, _ parts: Fragment...) -> Fragment {
            var sql = ""
            var arguments: [DatabaseValue] = []
            var next = parts.makeIterator()
            for char in template {
                if char == "$", let part = next.next() {
                    sql += part.sql
                    arguments += part.arguments
                } else {
                    sql.append(char)
                }
            }
            return Fragment(sql: sql, arguments: arguments)
        }
    }

    /// The kinds of value daf_butler's query system distinguishes.
    enum ValueType: String {
        case int, float, string, datetime, uuid, bool
        case ingestDate = "ingest_date"

        var isNumeric: Bool { self == .int || self == .float }
    }

    /// One translated node.
    private enum Term {
        case value(Fragment, ValueType)
        case timespan(begin: Fragment, end: Fragment)
        case predicate(Fragment)
        case null
        /// A bound list, for `IN (:dets)`.
        case list([Fragment], ValueType)

        var typeName: String {
            switch self {
            case .value(_, let type): return type.rawValue
            case .timespan: return "timespan"
            case .predicate: return "bool"
            case .null: return "null"
            case .list: return "list"
            }
        }
    }

    /// AND and OR chains longer than this are written as groups of groups: SQLite allows an expression tree only
    /// 1,000 deep, and a flat chain of n terms is n deep.
    private static let chainGroup = 64

    let universe: DimensionUniverse
    let dialect: SQLDialect
    private let source: String
    private let bind: [String: WhereBindValue]
    private var dimensionColumns: [String: String]
    private let datasetType: String?
    private let datasetColumns: [String: String]
    /// JOIN clauses the expression needs, in the order they were first needed.
    private(set) var joins: [String] = []
    /// The `?` values of the last condition, in order.
    private(set) var arguments: [DatabaseValue] = []
    private var aliases: [String: String] = [:]
    /// On PostgreSQL, which has no exact region test in SQL: the keys of `element`'s records whose region overlaps a
    /// region, found by the registry beforehand (WhereTranslator+Spatial).
    var regionMatches: ((DimensionElement, SkyRegion) throws -> [[DatabaseValue]])?
    /// Whether governors are compared as plain columns: in a query of one element's table, whose key begins with its
    /// governor, the `+` would turn `instrument = 'X' AND exposure.id = 5` into a scan of every record.
    var governorsIndexed = false

    /// A translator for a query whose dimension values are the SQL expressions in `dimensionColumns`; when the query
    /// is over datasets, `datasetType`'s fields (`dataset_id`, `run`, `ingest_date`, `collection`) map through
    /// `datasetColumns`.
    init(
        universe: DimensionUniverse, dialect: SQLDialect = .sqlite, source: String, bind: [String: WhereBindValue],
        dimensionColumns: [String: String], datasetType: String? = nil, datasetColumns: [String: String] = [:]
    ) {
        self.universe = universe
        self.dialect = dialect
        self.source = source
        self.bind = bind
        self.dimensionColumns = dimensionColumns
        self.datasetType = datasetType
        self.datasetColumns = datasetColumns
    }

    /// The SQL condition for `expression`; its values are then in `arguments`.
    func condition(_ expression: WhereExpression) throws -> String {
        guard case .predicate(let fragment) = try term(expression) else {
            throw fail("the expression is not a condition (compare it with something)", at: expression.column)
        }
        arguments = fragment.arguments
        return fragment.sql
    }

    /// The SQL for a dimension's value, joining what is needed to reach an implied dimension (`band` through
    /// `physical_filter` through `exposure`).
    func column(forDimension name: String, at column: Int = 1) throws -> String {
        if let sql = dimensionColumns[name] { return sql }
        var visited = Set<String>()
        if let sql = try impliedColumn(name, visited: &visited) {
            dimensionColumns[name] = sql
            return sql
        }
        guard universe.contains(name) else { throw fail("unknown dimension '\(name)'", at: column) }
        throw fail("dimension '\(name)' is not part of this query", at: column)
    }

    /// A dimension's column as the where-clause compares it. On SQLite a governor's (instrument, skymap) gets the
    /// no-op unary `+` (see `SQLDialect.unindexed`), which keeps the planner from using it: a repository holds one or a few instruments, so it narrows
    /// nothing, while an equality on it after a range in the tags table's key (`instrument = 'X' AND detector IN
    /// (1..10)`) made SQLite sort every row again (0.12 s → 0.08 s of CPU in the sqlite3 shell for the bench's query
    /// over 100,000 datasets). Its values are compared as strings either way: the types are checked before.
    private func comparedColumn(forDimension name: String, at column: Int) throws -> String {
        let sql = try self.column(forDimension: name, at: column)
        return try universe.element(name).isGovernor && !governorsIndexed ? dialect.unindexed(sql) : sql
    }

    /// The column of `name` as a dimension implied, directly or through other implied ones, by those of the query.
    private func impliedColumn(_ name: String, visited: inout Set<String>) throws -> String? {
        for known in dimensionColumns.keys.sorted() where visited.insert(known).inserted {
            let element = try universe.element(known)
            if element.implies.contains(name) { return "\(try alias(for: known)).\(RegistrySchema.quote(name))" }
        }
        // One more hop: a dimension implied by the query's that implies `name` in turn.
        for known in dimensionColumns.keys.sorted() {
            for middle in try universe.element(known).implies where dimensionColumns[middle] == nil && !visited.contains(middle) {
                guard try universe.element(middle).implies.contains(name) || universe.element(middle).implies.contains(where: {
                    (try? universe.element($0).implies.contains(name)) == true
                }) else { continue }
                dimensionColumns[middle] = "\(try alias(for: known)).\(RegistrySchema.quote(middle))"
                if let sql = try impliedColumn(name, visited: &visited) { return sql }
            }
        }
        return nil
    }

    /// The SQL sort key for one `--order-by` term, as daf_butler takes them: a dimension, `element.field`,
    /// `element.timespan.begin|end` (a bare timespan sorts by its begin) or a dataset field; `-` in front sorts
    /// descending.
    func ordering(_ term: String) throws -> String {
        let descending = term.hasPrefix("-")
        let name = String(descending ? term.dropFirst() : term[...]).trimmingCharacters(in: .whitespaces)
        let sql: String
        do {
            guard !name.isEmpty, bind[name] == nil else { throw fail("'\(term)' names no field", at: 1) }
            // Dataset fields (`run`, `ingest_date`) may be named bare, as daf_butler's query-datasets takes them.
            if datasetType != nil, !universe.contains(name), let column = datasetColumns[name] {
                sql = column
            } else {
                switch try identifier(name, at: 1) {
                case .value(let fragment, _) where fragment.arguments.isEmpty: sql = fragment.sql
                case .timespan(let begin, _) where begin.arguments.isEmpty: sql = begin.sql
                default: throw fail("'\(term)' names no field", at: 1)
                }
            }
        } catch ButlerError.invalidExpression(let message, _, _) {
            throw ButlerError.invalidDataId("cannot order by '\(term)': \(message)")
        }
        return sql + (descending ? " DESC" : "")
    }

    func fail(_ message: String, at column: Int) -> ButlerError {
        .invalidExpression(message, expression: source, column: column)
    }

    /// The alias of `element`'s table, joined on its data ID the first time it is needed.
    private func alias(for element: String) throws -> String {
        if let alias = aliases[element] { return alias }
        let definition = try universe.element(element)
        let alias = RegistrySchema.quote("e_" + element)
        var conditions: [String] = []
        for parent in try universe.requiredDimensions(of: element) {
            conditions.append("\(alias).\(RegistrySchema.quote(parent)) = \(try column(forDimension: parent))")
        }
        conditions.append(
            "\(alias).\(RegistrySchema.quote(definition.primaryKey.name)) = \(try column(forDimension: element))")
        joins.append("LEFT JOIN \(RegistrySchema.quote(element)) AS \(alias) ON \(conditions.joined(separator: " AND "))")
        aliases[element] = alias
        return alias
    }

    /// A string value. PostgreSQL's text cannot hold NUL, so no stored value could match one; it is refused there
    /// as the expression's fault rather than failing in the database.
    private func text(_ value: String, at column: Int) throws -> Fragment {
        if dialect == .postgresql, value.utf8.contains(0) {
            throw fail("a string with a NUL character cannot be compared on PostgreSQL", at: column)
        }
        return .value(value.databaseValue)
    }

    private func bound(_ value: WhereBindValue, at column: Int) throws -> Term {
        switch value {
        case .int(let value): return .value(.int(value), .int)
        case .float(let value): return .value(.value(value.databaseValue), .float)
        case .string(let value): return .value(try text(value, at: column), .string)
        case .time(let value): return .value(.value(Self.clamp(value).databaseValue), .datetime)
        case .list(let items):
            var fragments: [Fragment] = []
            var type: ValueType?
            for item in items {
                guard case .value(let fragment, let itemType) = try bound(item, at: column) else {
                    throw fail("a bound list holds plain values", at: column)
                }
                guard type == nil || type == itemType else {
                    throw fail("the bound list mixes \(type!.rawValue) and \(itemType.rawValue) values", at: column)
                }
                type = itemType
                fragments.append(fragment)
            }
            return .list(fragments, type ?? .int)
        }
    }

    private static func clamp(_ time: Int64) -> Int64 { min(max(time, TimeLiteral.minimum), TimeLiteral.maximum) }

    private func type(of field: DimensionField, in element: String, at column: Int) throws -> ValueType {
        switch field.type {
        case .int: return .int
        case .float: return .float
        case .string, .hash: return .string
        case .bool: return .bool
        case .datetime, .timestamp: return .datetime
        case .region: throw fail("'\(element).\(field.name)' is a region; regions are not supported in where-clauses", at: column)
        }
    }

    private func term(_ expression: WhereExpression) throws -> Term {
        switch expression {
        case .literal(let literal, let column):
            switch literal {
            case .int(let value): return .value(.int(value), .int)
            case .float(let value): return .value(.value(value.databaseValue), .float)
            case .string(let value): return .value(try text(value, at: column), .string)
            case .time(let value): return .value(.value(Self.clamp(value).databaseValue), .datetime)
            }
        case .null: return .null
        case .bind(let name, let column):
            guard let value = bind[name] else { throw fail("no value is bound to ':\(name)'", at: column) }
            return try bound(value, at: column)
        case .identifier(let name, let column): return try identifier(name, at: column)
        case .unary(let op, let operand, let column):
            let inner = try term(operand)
            switch (op, inner) {
            case ("NOT", .predicate(let sql)): return .predicate(.make("NOT $", sql))
            case ("-", .value(let sql, let type)) where type.isNumeric: return .value(.make("(-$)", sql), type)
            case ("+", .value(let sql, let type)) where type.isNumeric: return .value(sql, type)
            default: throw fail("'\(op)' cannot apply to a \(inner.typeName) value", at: column)
            }
        case .binary(let op, _, _, _) where op == "AND" || op == "OR": return try logical(op, expression)
        case .binary(let op, let left, let right, let column): return try binary(op, left, right, at: column)
        case .isIn(let value, let items, let negated, let column): return try membership(value, items, negated, at: column)
        case .function(let name, let arguments, let column): return try function(name, arguments, at: column)
        case .tuple(let begin, let end, let column): return try timespanLiteral(begin, end, at: column)
        }
    }

    /// An AND or OR chain, flattened without recursion, and grouped so that SQLite's parser takes any length.
    private func logical(_ op: String, _ expression: WhereExpression) throws -> Term {
        var operands: [WhereExpression] = []
        var stack = [expression]
        while let next = stack.popLast() {
            if case .binary(let inner, let left, let right, _) = next, inner == op {
                stack.append(right)
                stack.append(left)
            } else {
                operands.append(next)
            }
        }
        let parts = try operands.map { operand -> Fragment in
            guard case .predicate(let sql) = try term(operand) else {
                throw fail("\(op) needs a condition on each side, not a \(try term(operand).typeName) value", at: operand.column)
            }
            return sql
        }
        return .predicate(Self.chain(parts, op: op))
    }

    private static func chain(_ parts: [Fragment], op: String) -> Fragment {
        if parts.count <= chainGroup { return .make("($)", .joined(parts, separator: " \(op) ")) }
        let groups = stride(from: 0, to: parts.count, by: chainGroup).map {
            chain(Array(parts[$0..<min($0 + chainGroup, parts.count)]), op: op)
        }
        return chain(groups, op: op)
    }

    private func identifier(_ name: String, at column: Int) throws -> Term {
        if let value = bind[name] { return try bound(value, at: column) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            if universe.contains(name) {
                let key = try universe.element(name).primaryKey
                return .value(Fragment(sql: try comparedColumn(forDimension: name, at: column)), try type(of: key, in: name, at: column))
            }
            return try unqualifiedField(name, at: column)
        }
        if parts[0] == datasetType {
            guard parts.count == 2, let sql = datasetColumns[parts[1]] else {
                throw fail("datasets have fields \(datasetColumns.keys.sorted().joined(separator: ", ")); not '\(name)'", at: column)
            }
            let type: ValueType = parts[1] == "dataset_id" ? .uuid : parts[1] == "ingest_date" ? .ingestDate : .string
            return .value(Fragment(sql: sql), type)
        }
        guard universe.contains(parts[0]) else { throw fail("unknown name '\(name)'", at: column) }
        let element = try universe.element(parts[0])
        if parts[1] == "timespan", element.isTemporal {
            let alias = try alias(for: element.name)
            let (begin, end) = ("\(alias).timespan_begin", "\(alias).timespan_end")
            if parts.count == 2 { return .timespan(begin: Fragment(sql: begin), end: Fragment(sql: end)) }
            // daf_butler reads a missing bound as 0.
            if parts.count == 3, parts[2] == "begin" { return .value(Fragment(sql: "COALESCE(\(begin), 0)"), .datetime) }
            if parts.count == 3, parts[2] == "end" { return .value(Fragment(sql: "COALESCE(\(end), 0)"), .datetime) }
        }
        guard parts.count == 2 else { throw fail("unknown name '\(name)'", at: column) }
        if parts[1] == element.primaryKey.name {
            return .value(
                Fragment(sql: try comparedColumn(forDimension: element.name, at: column)), try type(of: element.primaryKey, in: element.name, at: column))
        }
        if let field = element.recordFields.first(where: { $0.name == parts[1] }) {
            let sql = "\(try alias(for: element.name)).\(RegistrySchema.quote(parts[1]))"
            let type = try type(of: field, in: element.name, at: column)
            return type == .bool ? .predicate(Fragment(sql: dialect.truth(sql))) : .value(Fragment(sql: sql), type)
        }
        if element.implies.contains(parts[1]) {
            return .value(
                Fragment(sql: "\(try alias(for: element.name)).\(RegistrySchema.quote(parts[1]))"),
                try type(of: try universe.element(parts[1]).primaryKey, in: parts[1], at: column))
        }
        let fields = ([element.primaryKey] + element.recordFields).map(\.name) + element.implies
        throw fail("dimension '\(element.name)' has no field '\(parts[1])' (it has \(fields.joined(separator: ", ")))", at: column)
    }

    /// A bare field name that belongs to exactly one dimension of the query (`exposure_time`).
    private func unqualifiedField(_ name: String, at column: Int) throws -> Term {
        let owners = try dimensionColumns.keys.sorted().filter { dimension in
            try universe.element(dimension).recordFields.contains { $0.name == name }
        }
        guard let owner = owners.first else { throw fail("unknown name '\(name)'", at: column) }
        guard owners.count == 1 else {
            throw fail("'\(name)' is ambiguous: write \(owners.map { "\($0).\(name)" }.joined(separator: " or "))", at: column)
        }
        return try identifier("\(owner).\(name)", at: column)
    }

    private func binary(_ op: String, _ left: WhereExpression, _ right: WhereExpression, at column: Int) throws -> Term {
        // `visit.region OVERLAPS POINT(ra, dec)` and the like (WhereTranslator+Spatial).
        if op == "OVERLAPS", let spatial = try spatialOverlap(left, right, at: column) { return .predicate(spatial) }
        let lhs = try term(left)
        let rhs = try term(right)
        func mismatch() -> ButlerError {
            fail("'\(op)' cannot combine a \(lhs.typeName) value with a \(rhs.typeName) value", at: column)
        }
        switch op {
        case "+", "-", "*", "/", "%":
            guard case .value(let a, let typeA) = lhs, case .value(let b, let typeB) = rhs, typeA == typeB,
                typeA.isNumeric, op != "%" || typeA == .int
            else { throw mismatch() }
            // daf_butler divides exactly, as SQLAlchemy writes it; a zero divisor gives NULL, which matches nothing.
            // PostgreSQL fails on a zero divisor where SQLite gives NULL; NULLIF makes it NULL there too.
            let divisor = dialect == .postgresql && (op == "/" || op == "%") ? Fragment.make("NULLIF($, 0)", b) : b
            return .value(op == "/" ? .make("($ / ($ + 0.0))", a, divisor) : .make("($ \(op) $)", a, divisor), typeA)
        case "OVERLAPS":
            switch (lhs, rhs) {
            case (.timespan(let b1, let e1), .timespan(let b2, let e2)):
                return .predicate(.make("($ > $ AND $ > $)", e1, b2, e2, b1))
            case (.timespan(let begin, let end), .value(let time, let type)) where type == .datetime || type == .ingestDate,
                (.value(let time, let type), .timespan(let begin, let end)) where type == .datetime || type == .ingestDate:
                return .predicate(.make("($ <= $ AND $ > $)", begin, time, end, time))
            default: throw mismatch()
            }
        case "=", "!=":
            let negation = op == "=" ? "" : "NOT "
            switch (lhs, rhs) {
            case (.value(let sql, _), .null), (.null, .value(let sql, _)), (.predicate(let sql), .null), (.null, .predicate(let sql)):
                return .predicate(.make("$ IS \(negation)NULL", sql))
            case (.timespan(let begin, _), .null), (.null, .timespan(let begin, _)):
                return .predicate(.make("$ IS \(negation)NULL", begin))
            case (.timespan(let b1, let e1), .timespan(let b2, let e2)):
                return .predicate(.make("\(negation)($ = $ AND $ = $)", b1, b2, e1, e2))
            case (.value(let a, let typeA), .value(let b, let typeB)) where Self.comparable(typeA, typeB):
                return .predicate(.make("($ \(op) $)", a, b))
            default: throw mismatch()
            }
        case "<", "<=", ">", ">=":
            guard case .value(let a, let typeA) = lhs, case .value(let b, let typeB) = rhs, Self.comparable(typeA, typeB),
                typeA != .uuid, typeA != .bool
            else { throw mismatch() }
            return .predicate(.make("($ \(op) $)", a, b))
        default:
            throw fail("unknown operator '\(op)'", at: column)
        }
    }

    /// Whether daf_butler compares the two types: equal types, two numbers, or a time with an ingest date.
    private static func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
        a == b || (a.isNumeric && b.isNumeric) || (Set([a, b]) == [.datetime, .ingestDate])
    }

    private func membership(
        _ value: WhereExpression, _ items: [WhereInItem], _ negated: Bool, at column: Int
    ) throws -> Term {
        guard case .value(let member, let memberType) = try term(value) else {
            throw fail("IN needs a plain value on its left, not a \(try term(value).typeName)", at: column)
        }
        var values: [Fragment] = []
        var others: [Fragment] = []
        for item in items {
            switch item {
            case .range(let start, let stop, let step):
                guard memberType == .int else { throw fail("a range matches integers, not \(memberType.rawValue) values", at: column) }
                // daf_butler's ranges are inclusive; stop = start - 1 is the empty range, anything lower is refused.
                if stop < start {
                    let (gap, overflow) = start.subtractingReportingOverflow(stop)
                    guard !overflow, gap <= 1 else {
                        throw fail("the range \(start)..\(stop) ends before it starts", at: column)
                    }
                }
                var range = start == stop
                    ? Fragment.make("$ = $", member, .int(start))
                    : Fragment.make("$ BETWEEN $ AND $", member, .int(start), .int(stop))
                if step != 1 {
                    // As daf_butler writes it: SQL's remainder against Python's (never negative) one of the start.
                    let remainder = start % step
                    let origin = remainder < 0 ? remainder + step : remainder
                    range = .make("($ AND $ % $ = $)", range, member, .int(step), .int(origin))
                }
                others.append(range)
            case .value(let expression):
                switch try term(expression) {
                case .value(let sql, let type):
                    guard Self.comparable(memberType, type) else {
                        throw fail("IN compares \(memberType.rawValue) values, not \(type.rawValue)", at: expression.column)
                    }
                    values.append(sql)
                case .list(let list, let type):
                    guard list.isEmpty || type == memberType else {
                        throw fail("the bound list holds \(type.rawValue) values, not \(memberType.rawValue)", at: expression.column)
                    }
                    values += list
                case .null: others.append(.make("$ IS NULL", member))
                case let other: throw fail("IN lists hold values, not a \(other.typeName)", at: expression.column)
                }
            }
        }
        var parts: [Fragment] = []
        if !values.isEmpty {
            parts.append(.make("$ IN ($)", member, .joined(values, separator: ", ")))
        }
        parts += others
        let any = parts.isEmpty ? Fragment(sql: dialect.alwaysFalse) : Self.chain(parts, op: "OR")
        return .predicate(negated ? .make("NOT $", any) : any)
    }

    /// `(begin, end)`: a timespan of two time literals (or NULL for an unbounded end), normalized as daf_butler's
    /// `Timespan`: equal ends make a 1 ns span, a begin after the end the empty span.
    private func timespanLiteral(_ begin: WhereExpression, _ end: WhereExpression, at column: Int) throws -> Term {
        func bound(_ expression: WhereExpression) throws -> Int64? {
            switch try term(expression) {
            case .null: return nil
            case .value(let sql, .datetime) where sql.sql == "?" && sql.arguments.count == 1:
                return Int64.fromDatabaseValue(sql.arguments[0])
            default:
                throw fail("a timespan is (begin, end) with two time literals such as T'2025-04-01T00:00:00', or NULL", at: expression.column)
            }
        }
        var first = try bound(begin) ?? TimeLiteral.minimum
        var last = try bound(end) ?? TimeLiteral.maximum
        if first == last {
            guard first != TimeLiteral.maximum, last != TimeLiteral.minimum, last + 1 != TimeLiteral.maximum else {
                throw fail("an instant at the ends of time (1970 or 2100) cannot be a timespan", at: column)
            }
            last += 1
        }
        if first >= last { (first, last) = (TimeLiteral.maximum, TimeLiteral.minimum) }
        return .timespan(begin: .value(first.databaseValue), end: .value(last.databaseValue))
    }

    private func function(_ name: String, _ arguments: [WhereExpression], at column: Int) throws -> Term {
        switch name {
        case "GLOB":
            guard arguments.count == 2, case .identifier = arguments[0], case .value(let subject, .string) = try term(arguments[0]),
                case .literal(.string(let pattern), _) = arguments[1]
            else { throw fail("GLOB takes a string field and a pattern string: GLOB(x, 'a*')", at: column) }
            _ = try text(pattern, at: column)
            let glob = dialect.glob("$", pattern: pattern)
            return .predicate(.make("(\(glob.sql.replacingOccurrences(of: "?", with: "$")))", subject, .value(glob.value.databaseValue)))
        case "UUID":
            guard arguments.count == 1, case .literal(.string(let text), _) = arguments[0],
                let uuid = Foundation.UUID(uuidString: text) ?? Foundation.UUID(registryHex: text)
            else { throw fail("UUID takes one UUID string: UUID('...')", at: column) }
            return .value(.value(uuid.registryHex.databaseValue), .uuid)
        default:
            throw fail("function \(name) is not supported (GLOB and UUID are)", at: column)
        }
    }
}

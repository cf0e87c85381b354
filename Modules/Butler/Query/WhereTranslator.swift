import Foundation
import GRDB

/// Turns a where-expression into an SQL condition over a query's tables, so filtering happens in SQLite with its
/// indexes rather than in memory. Dimension metadata (`observation.obs_name`) and implied dimensions join the
/// element tables on demand.
final class WhereTranslator {
    /// The SQL of one translated node, and whether it is a timespan (two columns) or NULL.
    private enum Term {
        case scalar(String)
        case null
        case timespan(begin: String, end: String)
    }

    private let universe: DimensionUniverse
    private let source: String
    private let bind: [String: WhereBindValue]
    private var dimensionColumns: [String: String]
    private let datasetType: String?
    private let datasetColumns: [String: String]
    /// JOIN clauses the expression needs, in the order they were first needed.
    private(set) var joins: [String] = []
    /// The `?` values, in order.
    private(set) var arguments: [any DatabaseValueConvertible] = []
    private var aliases: [String: String] = [:]

    /// A translator for a query whose dimension values are the SQL expressions in `dimensionColumns`; when the query
    /// is over datasets, `datasetType`'s fields (`dataset_id`, `run`, `ingest_date`, `collection`) map through
    /// `datasetColumns`.
    init(
        universe: DimensionUniverse, source: String, bind: [String: WhereBindValue], dimensionColumns: [String: String],
        datasetType: String? = nil, datasetColumns: [String: String] = [:]
    ) {
        self.universe = universe
        self.source = source
        self.bind = bind
        self.dimensionColumns = dimensionColumns
        self.datasetType = datasetType
        self.datasetColumns = datasetColumns
    }

    /// The SQL condition for `expression`.
    func condition(_ expression: WhereExpression) throws -> String {
        guard case .scalar(let sql) = try term(expression) else {
            throw fail("the expression is not a condition", at: expression.column)
        }
        return sql
    }

    /// The SQL for a dimension's value, joining what is needed to reach an implied dimension.
    func column(forDimension name: String, at column: Int = 1) throws -> String {
        if let sql = dimensionColumns[name] { return sql }
        for (known, _) in dimensionColumns.sorted(by: { $0.key < $1.key })
        where (try? universe.element(known).implies.contains(name)) == true {
            let sql = "\(try alias(for: known)).\(RegistrySchema.quote(name))"
            dimensionColumns[name] = sql
            return sql
        }
        guard universe.contains(name) else { throw fail("unknown dimension '\(name)'", at: column) }
        throw fail("dimension '\(name)' is not part of this query", at: column)
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
            let field = datasetType != nil && !universe.contains(name) ? datasetColumns[name] : nil
            switch try field.map({ Term.scalar($0) }) ?? identifier(name, at: 1) {
            case .scalar(let column): sql = column
            case .timespan(let begin, _): sql = begin
            case .null: throw fail("'\(term)' names no field", at: 1)
            }
        } catch ButlerError.invalidExpression(let message, _, _) {
            throw ButlerError.invalidDataId("cannot order by '\(term)': \(message)")
        }
        return sql + (descending ? " DESC" : "")
    }

    private func fail(_ message: String, at column: Int) -> ButlerError {
        .invalidExpression(message, expression: source, column: column)
    }

    private func placeholder(_ value: any DatabaseValueConvertible) -> String {
        arguments.append(value)
        return "?"
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

    private func bound(_ value: WhereBindValue, at column: Int) throws -> Term {
        switch value {
        case .int(let value): return .scalar(placeholder(value))
        case .float(let value): return .scalar(placeholder(value))
        case .string(let value): return .scalar(placeholder(value))
        case .time(let value): return .scalar(placeholder(value))
        case .list: throw fail("a list can only be used inside IN (...)", at: column)
        }
    }

    private func term(_ expression: WhereExpression) throws -> Term {
        switch expression {
        case .literal(let literal, _):
            switch literal {
            case .int(let value): return .scalar(placeholder(value))
            case .float(let value): return .scalar(placeholder(value))
            case .string(let value): return .scalar(placeholder(value))
            case .time(let value): return .scalar(placeholder(value))
            }
        case .null: return .null
        case .bind(let name, let column):
            guard let value = bind[name] else { throw fail("no value is bound to ':\(name)'", at: column) }
            return try bound(value, at: column)
        case .identifier(let name, let column): return try identifier(name, at: column)
        case .unary(let op, let operand, let column):
            guard case .scalar(let sql) = try term(operand) else { throw fail("'\(op)' needs a value", at: column) }
            return .scalar(op == "NOT" ? "(NOT \(sql))" : "(\(op)\(sql))")
        case .binary(let op, let left, let right, let column): return try binary(op, left, right, at: column)
        case .isIn(let value, let items, let negated, let column): return try membership(value, items, negated, at: column)
        case .function(let name, let arguments, let column): return try function(name, arguments, at: column)
        case .tuple(let begin, let end, let column):
            guard case .scalar(let first) = try term(begin), case .scalar(let second) = try term(end) else {
                throw fail("a timespan is (begin, end) with two times", at: column)
            }
            return .timespan(begin: first, end: second)
        }
    }

    private func identifier(_ name: String, at column: Int) throws -> Term {
        if let value = bind[name] { return try bound(value, at: column) }
        let parts = name.split(separator: ".").map(String.init)
        if parts.count == 1 {
            if universe.contains(name) { return .scalar(try self.column(forDimension: name, at: column)) }
            return .scalar(try unqualifiedField(name, at: column))
        }
        if parts[0] == datasetType {
            guard parts.count == 2, let sql = datasetColumns[parts[1]] else {
                throw fail("datasets have fields \(datasetColumns.keys.sorted().joined(separator: ", ")); not '\(name)'", at: column)
            }
            return .scalar(sql)
        }
        guard universe.contains(parts[0]) else { throw fail("unknown name '\(name)'", at: column) }
        let element = try universe.element(parts[0])
        if parts[1] == "timespan", element.isTemporal {
            let alias = try alias(for: element.name)
            let (begin, end) = ("\(alias).timespan_begin", "\(alias).timespan_end")
            if parts.count == 2 { return .timespan(begin: begin, end: end) }
            if parts.count == 3, parts[2] == "begin" { return .scalar(begin) }
            if parts.count == 3, parts[2] == "end" { return .scalar(end) }
        }
        guard parts.count == 2 else { throw fail("unknown name '\(name)'", at: column) }
        if parts[1] == element.primaryKey.name { return .scalar(try self.column(forDimension: element.name, at: column)) }
        guard element.recordFields.contains(where: { $0.name == parts[1] }) || element.implies.contains(parts[1]) else {
            let fields = ([element.primaryKey] + element.recordFields).map(\.name) + element.implies
            throw fail("dimension '\(element.name)' has no field '\(parts[1])' (it has \(fields.joined(separator: ", ")))", at: column)
        }
        return .scalar("\(try alias(for: element.name)).\(RegistrySchema.quote(parts[1]))")
    }

    /// A bare field name that belongs to exactly one dimension of the query (`exposure_time`).
    private func unqualifiedField(_ name: String, at column: Int) throws -> String {
        let owners = try dimensionColumns.keys.sorted().filter { dimension in
            try universe.element(dimension).recordFields.contains { $0.name == name }
        }
        guard let owner = owners.first else { throw fail("unknown name '\(name)'", at: column) }
        guard owners.count == 1 else {
            throw fail("'\(name)' is ambiguous: write \(owners.map { "\($0).\(name)" }.joined(separator: " or "))", at: column)
        }
        return "\(try alias(for: owner)).\(RegistrySchema.quote(name))"
    }

    private func binary(_ op: String, _ left: WhereExpression, _ right: WhereExpression, at column: Int) throws -> Term {
        let lhs = try term(left)
        let rhs = try term(right)
        switch (op, lhs, rhs) {
        case ("=", .scalar(let sql), .null), ("=", .null, .scalar(let sql)): return .scalar("(\(sql) IS NULL)")
        case ("!=", .scalar(let sql), .null), ("!=", .null, .scalar(let sql)): return .scalar("(\(sql) IS NOT NULL)")
        case ("OVERLAPS", .timespan(let b1, let e1), .timespan(let b2, let e2)):
            return .scalar("(\(b1) < \(e2) AND \(b2) < \(e1))")
        case ("OVERLAPS", .timespan(let begin, let end), .scalar(let time)),
            ("OVERLAPS", .scalar(let time), .timespan(let begin, let end)):
            return .scalar("(\(begin) <= \(time) AND \(time) < \(end))")
        case ("OVERLAPS", _, _): throw fail("OVERLAPS needs a timespan on one side", at: column)
        case (_, .scalar(let a), .scalar(let b)): return .scalar("(\(a) \(op) \(b))")
        default: throw fail("'\(op)' cannot compare these values", at: column)
        }
    }

    private func membership(
        _ value: WhereExpression, _ items: [WhereInItem], _ negated: Bool, at column: Int
    ) throws -> Term {
        guard case .scalar(let sql) = try term(value) else { throw fail("IN needs a value on its left", at: column) }
        var values: [String] = []
        var ranges: [String] = []
        func add(_ bound: WhereBindValue, at column: Int) throws {
            if case .list(let list) = bound { for item in list { try add(item, at: column) } } else {
                guard case .scalar(let item) = try self.bound(bound, at: column) else { return }
                values.append(item)
            }
        }
        for item in items {
            switch item {
            case .range(let start, let stop, let stride):
                let low = placeholder(start)
                let high = placeholder(stop)
                if stride == 1 {
                    ranges.append("(\(sql) BETWEEN \(low) AND \(high))")
                } else {
                    let origin = placeholder(start)
                    ranges.append("(\(sql) BETWEEN \(low) AND \(high) AND (\(sql) - \(origin)) % \(placeholder(stride)) = 0)")
                }
            case .value(.bind(let name, let column)):
                guard let bound = bind[name] else { throw fail("no value is bound to ':\(name)'", at: column) }
                try add(bound, at: column)
            case .value(.identifier(let name, let column)) where bind[name] != nil:
                try add(bind[name]!, at: column)
            case .value(let expression):
                guard case .scalar(let item) = try term(expression) else {
                    throw fail("IN lists hold values", at: expression.column)
                }
                values.append(item)
            }
        }
        var parts = ranges
        if !values.isEmpty { parts.insert("\(sql) IN (\(values.joined(separator: ", ")))", at: 0) }
        let any = parts.isEmpty ? "0" : "(" + parts.joined(separator: " OR ") + ")"
        return .scalar(negated ? "(NOT \(any))" : any)
    }

    private func function(_ name: String, _ arguments: [WhereExpression], at column: Int) throws -> Term {
        switch name {
        case "GLOB":
            guard arguments.count == 2, case .scalar(let subject) = try term(arguments[0]),
                case .literal(.string, _) = arguments[1], case .scalar(let pattern) = try term(arguments[1])
            else { throw fail("GLOB takes a field and a pattern string: GLOB(x, 'a*')", at: column) }
            return .scalar("(\(subject) GLOB \(pattern))")
        case "UUID":
            guard arguments.count == 1, case .literal(.string(let text), _) = arguments[0],
                let uuid = Foundation.UUID(registryHex: text)
            else { throw fail("UUID takes one UUID string: UUID('...')", at: column) }
            return .scalar(placeholder(uuid.registryHex))
        default:
            throw fail("function \(name) is not supported (GLOB and UUID are)", at: column)
        }
    }
}

/// A recursive-descent parser for daf_butler's where-grammar, precedence from low to high:
/// OR < AND < NOT < OVERLAPS < (= !=) < (< <= > >=) < IN < (+ -) < (* / %) < unary (+ -).
struct WhereParser {
    private let source: String
    private var tokens: [WhereToken] = []
    private var position = 0

    init(_ source: String) { self.source = source }

    mutating func parse() throws -> WhereExpression {
        var lexer = WhereLexer(source)
        tokens = try lexer.tokens()
        if tokens.first?.kind == .end { throw fail("the expression is empty", at: tokens[0]) }
        let expression = try orExpression()
        guard current.kind == .end else { throw fail("unexpected \(describe(current))", at: current) }
        return expression
    }

    private var current: WhereToken { tokens[position] }

    private func fail(_ message: String, at token: WhereToken) -> ButlerError {
        .invalidExpression(message, expression: source, column: token.column)
    }

    private func describe(_ token: WhereToken) -> String {
        switch token.kind {
        case .keyword(let word): return "'\(word)'"
        case .op(let op): return "'\(op)'"
        case .end: return "end of expression"
        case .range: return "range (ranges go only inside IN (...))"
        case .identifier(let name): return "'\(name)'"
        default: return "value"
        }
    }

    private mutating func advance() -> WhereToken {
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func accept(_ kind: WhereToken.Kind) -> WhereToken? {
        guard current.kind == kind else { return nil }
        return advance()
    }

    private mutating func expect(_ op: String) throws {
        guard accept(.op(op)) != nil else { throw fail("expected '\(op)' but found \(describe(current))", at: current) }
    }

    private mutating func orExpression() throws -> WhereExpression {
        var left = try andExpression()
        while let token = accept(.keyword("OR")) { left = .binary("OR", left, try andExpression(), column: token.column) }
        return left
    }

    private mutating func andExpression() throws -> WhereExpression {
        var left = try notExpression()
        while let token = accept(.keyword("AND")) { left = .binary("AND", left, try notExpression(), column: token.column) }
        return left
    }

    private mutating func notExpression() throws -> WhereExpression {
        if let token = accept(.keyword("NOT")) { return .unary("NOT", try notExpression(), column: token.column) }
        return try overlaps()
    }

    private mutating func overlaps() throws -> WhereExpression {
        var left = try equality()
        while let token = accept(.keyword("OVERLAPS")) { left = .binary("OVERLAPS", left, try equality(), column: token.column) }
        return left
    }

    private mutating func equality() throws -> WhereExpression {
        var left = try comparison()
        while case .op(let op) = current.kind, op == "=" || op == "!=" {
            let token = advance()
            left = .binary(op, left, try comparison(), column: token.column)
        }
        return left
    }

    private mutating func comparison() throws -> WhereExpression {
        var left = try predicate()
        while case .op(let op) = current.kind, ["<", "<=", ">", ">="].contains(op) {
            let token = advance()
            left = .binary(op, left, try predicate(), column: token.column)
        }
        return left
    }

    private mutating func predicate() throws -> WhereExpression {
        let left = try additive()
        let negated: Bool
        let start = current
        if current.kind == .keyword("NOT"), tokens[position + 1].kind == .keyword("IN") {
            position += 2
            negated = true
        } else if accept(.keyword("IN")) != nil {
            negated = false
        } else {
            return left
        }
        try expect("(")
        var items: [WhereInItem] = []
        repeat {
            if case .range(let first, let stop, let stride) = current.kind {
                position += 1
                items.append(.range(start: first, stop: stop, stride: stride))
            } else {
                items.append(.value(try additive()))
            }
        } while accept(.op(",")) != nil
        try expect(")")
        return .isIn(left, items, negated: negated, column: start.column)
    }

    private mutating func additive() throws -> WhereExpression {
        var left = try multiplicative()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            let token = advance()
            left = .binary(op, left, try multiplicative(), column: token.column)
        }
        return left
    }

    private mutating func multiplicative() throws -> WhereExpression {
        var left = try unary()
        while case .op(let op) = current.kind, ["*", "/", "%"].contains(op) {
            let token = advance()
            left = .binary(op, left, try unary(), column: token.column)
        }
        return left
    }

    private mutating func unary() throws -> WhereExpression {
        if case .op(let op) = current.kind, op == "+" || op == "-" {
            let token = advance()
            let operand = try unary()
            // Fold signs into literals so `-1` is a value, as the SQL and data IDs want.
            if op == "-", case .literal(.int(let value), _) = operand { return .literal(.int(-value), column: token.column) }
            if op == "-", case .literal(.float(let value), _) = operand { return .literal(.float(-value), column: token.column) }
            return op == "+" ? operand : .unary(op, operand, column: token.column)
        }
        return try primary()
    }

    private mutating func primary() throws -> WhereExpression {
        let token = advance()
        switch token.kind {
        case .int(let value): return .literal(.int(value), column: token.column)
        case .float(let value): return .literal(.float(value), column: token.column)
        case .string(let value): return .literal(.string(value), column: token.column)
        case .time(let text):
            do { return .literal(.time(try TimeLiteral.parse(text)), column: token.column) } catch let error as TimeLiteral.Failure {
                throw fail(error.message, at: token)
            }
        case .null: return .null(column: token.column)
        case .bind(let name): return .bind(name, column: token.column)
        case .identifier(let name):
            if accept(.op("(")) != nil {
                var arguments: [WhereExpression] = []
                if accept(.op(")")) == nil {
                    repeat { arguments.append(try orExpression()) } while accept(.op(",")) != nil
                    try expect(")")
                }
                return .function(name.uppercased(), arguments, column: token.column)
            }
            return .identifier(name, column: token.column)
        case .op("("):
            let first = try orExpression()
            if accept(.op(",")) != nil {
                let second = try orExpression()
                try expect(")")
                return .tuple(first, second, column: token.column)
            }
            try expect(")")
            return first
        default:
            throw fail("expected a value but found \(describe(token))", at: token)
        }
    }
}

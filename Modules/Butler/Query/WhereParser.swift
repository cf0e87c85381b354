/// A recursive-descent parser for daf_butler's where-grammar, precedence from low to high:
/// OR < AND < NOT < OVERLAPS < (= !=) < (< <= > >=) < IN < (+ -) < (* / %) < unary (+ -).
///
/// No input can exhaust the stack: parentheses and function calls nest at most `maximumNesting` deep, any other
/// chain of operators makes a tree at most `maximumDepth` deep (AND and OR chains are built balanced, so thousands of
/// terms stay shallow), and runs of unary signs or NOTs are read in a loop.
struct WhereParser {
    /// How deep parentheses, tuples and function calls may nest.
    static let maximumNesting = 100
    /// How deep the expression tree may grow (a chain of `+` or `=` adds a level per operator).
    static let maximumDepth = 200

    /// A parsed node and the depth of its tree.
    private struct Parsed {
        var expression: WhereExpression
        var depth: Int
    }

    private let source: String
    private var tokens: [WhereToken] = []
    private var position = 0
    private var nesting = 0

    init(_ source: String) { self.source = source }

    mutating func parse() throws -> WhereExpression {
        var lexer = WhereLexer(source)
        tokens = try lexer.tokens()
        if tokens.first?.kind == .end { throw fail("the expression is empty", at: tokens[0]) }
        let expression = try orExpression()
        guard current.kind == .end else { throw fail("unexpected \(describe(current))", at: current) }
        return expression.expression
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

    /// A binary node over two parsed operands, refused when the tree would grow too deep.
    private func node(_ op: String, _ left: Parsed, _ right: Parsed, at token: WhereToken) throws -> Parsed {
        let depth = max(left.depth, right.depth) + 1
        guard depth <= Self.maximumDepth else {
            throw fail("the expression is nested more than \(Self.maximumDepth) operators deep; write long lists as IN (...)", at: token)
        }
        return Parsed(expression: .binary(op, left.expression, right.expression, column: token.column), depth: depth)
    }

    /// `terms` joined by `op` as a balanced tree: AND and OR are associative, and a balanced tree of n terms is only
    /// log₂ n deep however long the chain.
    private func balanced(_ op: String, _ terms: ArraySlice<Parsed>, _ operators: ArraySlice<WhereToken>) throws -> Parsed {
        if terms.count == 1 { return terms[terms.startIndex] }
        let middle = terms.startIndex + terms.count / 2
        // operators[i] sits between terms[i] and terms[i + 1].
        let left = try balanced(op, terms[terms.startIndex..<middle], operators[operators.startIndex..<(middle - 1)])
        let right = try balanced(op, terms[middle...], operators[middle...])
        return try node(op, left, right, at: operators[middle - 1])
    }

    private mutating func chain(_ keyword: String, _ operand: (inout WhereParser) throws -> Parsed) throws -> Parsed {
        var terms = [try operand(&self)]
        var operators: [WhereToken] = []
        while let token = accept(.keyword(keyword)) {
            operators.append(token)
            terms.append(try operand(&self))
        }
        return try balanced(keyword, terms[...], operators[...])
    }

    private mutating func orExpression() throws -> Parsed {
        try chain("OR") { try $0.andExpression() }
    }

    private mutating func andExpression() throws -> Parsed {
        try chain("AND") { try $0.notExpression() }
    }

    private mutating func notExpression() throws -> Parsed {
        // NOT NOT x is x in SQL's three-valued logic too, so a run of NOTs leaves at most one.
        var first: WhereToken?
        var count = 0
        while let token = accept(.keyword("NOT")) {
            first = first ?? token
            count += 1
        }
        let operand = try overlaps()
        guard let first, count % 2 == 1 else { return operand }
        return Parsed(expression: .unary("NOT", operand.expression, column: first.column), depth: operand.depth + 1)
    }

    private mutating func overlaps() throws -> Parsed {
        var left = try equality()
        while let token = accept(.keyword("OVERLAPS")) { left = try node("OVERLAPS", left, try equality(), at: token) }
        return left
    }

    private mutating func equality() throws -> Parsed {
        var left = try comparison()
        while case .op(let op) = current.kind, op == "=" || op == "!=" {
            let token = advance()
            left = try node(op, left, try comparison(), at: token)
        }
        return left
    }

    private mutating func comparison() throws -> Parsed {
        var left = try predicate()
        while case .op(let op) = current.kind, ["<", "<=", ">", ">="].contains(op) {
            let token = advance()
            left = try node(op, left, try predicate(), at: token)
        }
        return left
    }

    private mutating func predicate() throws -> Parsed {
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
        var depth = left.depth
        repeat {
            let item = try inItem()
            if let value = item.value { depth = max(depth, value.depth) }
            items.append(item.item)
        } while accept(.op(",")) != nil
        try expect(")")
        return Parsed(expression: .isIn(left.expression, items, negated: negated, column: start.column), depth: depth + 1)
    }

    /// One item of an IN list, which daf_butler restricts to a literal (numbers may be signed), a range, a name
    /// (a bind key or a column), a bind parameter or a function call such as `UUID('...')`.
    private mutating func inItem() throws -> (item: WhereInItem, value: Parsed?) {
        let token = current
        switch token.kind {
        case .range(let first, let stop, let stride):
            position += 1
            return (.range(start: first, stop: stop, stride: stride), nil)
        case .op(let sign) where sign == "+" || sign == "-":
            position += 1
            let number = advance()
            switch number.kind {
            case .int(let value):
                return wrap(.literal(.int(sign == "-" ? -value : value), column: token.column))
            case .float(let value):
                return wrap(.literal(.float(sign == "-" ? -value : value), column: token.column))
            default: throw fail("expected a number after '\(sign)' in the IN list", at: number)
            }
        case .int, .float, .string, .time, .bind, .null, .identifier:
            let value = try primary()
            if case .identifier(let name, _) = value.expression, name.contains(".") {
                throw fail("IN lists hold literals and bind names, not '\(name)'", at: token)
            }
            return (.value(value.expression), value)
        default:
            throw fail("IN lists hold literals, ranges and bind names; found \(describe(token))", at: token)
        }
    }

    private func wrap(_ expression: WhereExpression) -> (item: WhereInItem, value: Parsed?) {
        (.value(expression), Parsed(expression: expression, depth: 1))
    }

    private mutating func additive() throws -> Parsed {
        var left = try multiplicative()
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            let token = advance()
            left = try node(op, left, try multiplicative(), at: token)
        }
        return left
    }

    private mutating func multiplicative() throws -> Parsed {
        var left = try unary()
        while case .op(let op) = current.kind, ["*", "/", "%"].contains(op) {
            let token = advance()
            left = try node(op, left, try unary(), at: token)
        }
        return left
    }

    private mutating func unary() throws -> Parsed {
        // A run of signs is read in a loop and kept as one sign, so 100,000 of them cost no stack; the sign stays in
        // the tree because daf_butler accepts `+` and `-` on numbers only.
        var first: WhereToken?
        var negative = false
        while case .op(let op) = current.kind, op == "+" || op == "-" {
            first = first ?? current
            if op == "-" { negative.toggle() }
            position += 1
        }
        let operand = try primary()
        guard let first else { return operand }
        // Signs fold into number literals so `-1` is a value, as the SQL and data IDs want.
        if negative, case .literal(.int(let value), _) = operand.expression {
            return Parsed(expression: .literal(.int(-value), column: first.column), depth: 1)
        }
        if negative, case .literal(.float(let value), _) = operand.expression {
            return Parsed(expression: .literal(.float(-value), column: first.column), depth: 1)
        }
        return Parsed(expression: .unary(negative ? "-" : "+", operand.expression, column: first.column), depth: operand.depth + 1)
    }

    /// Enters a parenthesis, tuple or call, refusing to nest deeper than `maximumNesting`.
    private mutating func enter(_ token: WhereToken) throws {
        nesting += 1
        guard nesting <= Self.maximumNesting else {
            throw fail("the expression nests more than \(Self.maximumNesting) parentheses deep", at: token)
        }
    }

    private mutating func primary() throws -> Parsed {
        let token = advance()
        func leaf(_ expression: WhereExpression) -> Parsed { Parsed(expression: expression, depth: 1) }
        switch token.kind {
        case .int(let value): return leaf(.literal(.int(value), column: token.column))
        case .float(let value): return leaf(.literal(.float(value), column: token.column))
        case .string(let value): return leaf(.literal(.string(value), column: token.column))
        case .time(let text):
            do { return leaf(.literal(.time(try TimeLiteral.parse(text)), column: token.column)) } catch let error as TimeLiteral.Failure {
                throw fail(error.message, at: token)
            }
        case .null: return leaf(.null(column: token.column))
        case .bind(let name): return leaf(.bind(name, column: token.column))
        case .identifier(let name):
            if accept(.op("(")) != nil {
                try enter(token)
                defer { nesting -= 1 }
                var arguments: [WhereExpression] = []
                var depth = 0
                if accept(.op(")")) == nil {
                    repeat {
                        let argument = try orExpression()
                        arguments.append(argument.expression)
                        depth = max(depth, argument.depth)
                    } while accept(.op(",")) != nil
                    try expect(")")
                }
                return Parsed(expression: .function(name.uppercased(), arguments, column: token.column), depth: depth + 1)
            }
            return leaf(.identifier(name, column: token.column))
        case .op("("):
            try enter(token)
            defer { nesting -= 1 }
            let first = try orExpression()
            if accept(.op(",")) != nil {
                let second = try orExpression()
                try expect(")")
                return Parsed(
                    expression: .tuple(first.expression, second.expression, column: token.column),
                    depth: max(first.depth, second.depth) + 1)
            }
            try expect(")")
            return first
        default:
            throw fail("expected a value but found \(describe(token))", at: token)
        }
    }
}

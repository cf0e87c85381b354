/// Splits a where-expression into tokens as daf_butler's `parserLex` does: no `<>`, `==` or double quotes.
struct WhereLexer {
    private static let keywords: Set<String> = ["IN", "OR", "AND", "NOT", "OVERLAPS"]
    private let text: [Character]
    private let source: String
    private var index = 0

    init(_ source: String) {
        self.source = source
        self.text = Array(source)
    }

    /// All tokens, ending with `.end`.
    mutating func tokens() throws -> [WhereToken] {
        var result: [WhereToken] = []
        while true {
            let token = try next()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private func fail(_ message: String, at position: Int) -> ButlerError {
        .invalidExpression(message, expression: source, column: position + 1)
    }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < text.count ? text[index + offset] : nil
    }

    private mutating func next() throws -> WhereToken {
        while let char = peek(), char.isWhitespace { index += 1 }
        let start = index
        func token(_ kind: WhereToken.Kind) -> WhereToken { WhereToken(kind: kind, column: start + 1) }
        guard let char = peek() else { return token(.end) }

        if char == "'" { return token(.string(try quoted(from: start))) }
        if (char == "T" || char == "t"), peek(1) == "'" {
            index += 1
            return token(.time(try quoted(from: start)))
        }
        if char == ":" {
            index += 1
            let name = identifierText()
            guard !name.isEmpty else { throw fail("':' must be followed by a bind parameter name", at: start) }
            return token(.bind(name))
        }
        if char.isASCIILetter || char == "_" {
            let word = identifierText()
            let upper = word.uppercased()
            if Self.keywords.contains(upper) { return token(.keyword(upper)) }
            if upper == "NULL" { return token(.null) }
            return token(.identifier(word))
        }
        // A range may start with a minus (`-1..5`), as daf_butler's RANGE_LITERAL: one token, not a sign and a range.
        if char == "-", peek(1)?.isASCIIDigit == true, rangeFollows(from: index + 1) {
            index += 1
            return token(try number(from: start, negative: true))
        }
        if char.isASCIIDigit || (char == "." && peek(1)?.isASCIIDigit == true) { return token(try number(from: start)) }
        let two = String(text[index..<min(index + 2, text.count)])
        if ["!=", "<=", ">="].contains(two) {
            index += 2
            return token(.op(two))
        }
        if two == "<>" || two == "==" {
            throw fail("'\(two)' is not an operator here; use \(two == "<>" ? "!=" : "=")", at: start)
        }
        if "=<>+-*/%(),".contains(char) {
            index += 1
            return token(.op(String(char)))
        }
        if char == "\"" { throw fail("strings are written in single quotes", at: start) }
        throw fail("unexpected character '\(char)'", at: start)
    }

    private mutating func identifierText() -> String {
        var word = ""
        while let char = peek(), char.isASCIILetter || char.isASCIIDigit || char == "_"
            || (char == "." && (peek(1)?.isASCIILetter == true || peek(1) == "_") && !word.isEmpty)
        {
            word.append(char)
            index += 1
        }
        return word
    }

    private mutating func quoted(from start: Int) throws -> String {
        index += 1
        var value = ""
        while let char = peek(), char != "'" {
            value.append(char)
            index += 1
        }
        guard peek() == "'" else { throw fail("string is not closed", at: start) }
        index += 1
        return value
    }

    /// Whether the digits at `position` are followed (after blanks) by `..`.
    private func rangeFollows(from position: Int) -> Bool {
        var at = position
        while at < text.count, text[at].isASCIIDigit { at += 1 }
        while at < text.count, text[at].isWhitespace { at += 1 }
        return at + 1 < text.count && text[at] == "." && text[at + 1] == "."
    }

    private mutating func digits() -> String {
        var value = ""
        while let char = peek(), char.isASCIIDigit {
            value.append(char)
            index += 1
        }
        return value
    }

    private mutating func number(from start: Int, negative: Bool = false) throws -> WhereToken.Kind {
        let whole = digits()
        // A range `1..5`, `1 .. 5` or `1..10:2` is one token, as in daf_butler's RANGE_LITERAL.
        if !whole.isEmpty, rangeFollows(from: index) {
            while let char = peek(), char.isWhitespace { index += 1 }
            index += 2
            while let char = peek(), char.isWhitespace { index += 1 }
            var stopText = ""
            if peek() == "-" {
                stopText = "-"
                index += 1
            }
            stopText += digits()
            guard let first = Int64((negative ? "-" : "") + whole), let stop = Int64(stopText) else {
                throw fail("a range needs an integer end, as in 1..5", at: start)
            }
            var stride: Int64 = 1
            let save = index
            while let char = peek(), char.isWhitespace { index += 1 }
            if peek() == ":" {
                index += 1
                while let char = peek(), char.isWhitespace { index += 1 }
                let strideText = digits()
                guard !strideText.hasPrefix("0"), let value = Int64(strideText), value >= 1 else {
                    throw fail("a range stride is a positive integer, as in 1..10:2", at: start)
                }
                stride = value
            } else {
                index = save
            }
            return .range(start: first, stop: stop, stride: stride)
        }
        var text = whole
        var isFloat = false
        if peek() == "." {
            isFloat = true
            index += 1
            text += "." + digits()
        }
        if let char = peek(), char == "e" || char == "E" {
            let save = index
            index += 1
            var exponent = "e"
            if let sign = peek(), sign == "+" || sign == "-" {
                exponent.append(sign)
                index += 1
            }
            let power = digits()
            if power.isEmpty { index = save } else {
                isFloat = true
                text += exponent + power
            }
        }
        if isFloat {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw fail("'\(text)' is not a number", at: start)
            }
            return .float(value)
        }
        guard let value = Int64(text) else { throw fail("'\(text)' is too large", at: start) }
        return .int(value)
    }
}

extension Character {
    /// `0`-`9` only: `Character.isNumber` also takes `½` and `٣`, which `Int64(_:)` then refuses.
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// `a`-`z` and `A`-`Z` only, as daf_butler's identifiers.
    var isASCIILetter: Bool { isASCII && isLetter }
}

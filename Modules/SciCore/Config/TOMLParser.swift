import Foundation

/// A TOML reader for configuration files: tables, dotted keys, strings, numbers, booleans, arrays and inline tables.
/// Dates are kept as strings. Errors name the line and column.
public struct TOMLParser {
    private let chars: [Character]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private let name: String

    /// Parses TOML text; `name` (a file path) prefixes error messages.
    public static func parse(_ text: String, name: String = "config") throws -> [String: JSONValue] {
        var parser = TOMLParser(chars: Array(text), name: name)
        return try parser.document()
    }

    private init(chars: [Character], name: String) {
        self.chars = chars
        self.name = name
    }

    private mutating func document() throws -> [String: JSONValue] {
        var root: [String: JSONValue] = [:]
        var table: [String] = []
        while true {
            skipBlankLines()
            guard let c = peek else { return root }
            if c == "[" {
                advance()
                let isArray = peek == "["
                if isArray { advance() }
                skipSpaces()
                table = try keyPath()
                try expect("]")
                if isArray {
                    try expect("]")
                    try appendTable(at: table, in: &root)
                } else {
                    try insert([:], at: table, in: &root, replacingTables: false)
                }
            } else {
                let key = try keyPath()
                skipSpaces()
                try expect("=")
                skipSpaces()
                let value = try self.value()
                try insert(value, at: table + key, in: &root, replacingTables: true)
            }
            try endOfLine()
        }
    }

    // MARK: Values

    private mutating func value() throws -> JSONValue {
        guard let c = peek else { throw failure("expected a value") }
        switch c {
        case "\"", "'": return .string(try string())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f":
            let word = bareWord()
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            throw failure("unknown value '\(word)'; strings need quotes")
        default:
            let word = bareWord(allowing: ":+-.T Z")
            return try number(word)
        }
    }

    private func number(_ word: String) throws -> JSONValue {
        let text = word.trimmingTrailingSpaces().replacingOccurrences(of: "_", with: "")
        if let int = Int64(text) { return .int(int) }
        if text.hasPrefix("0x"), let int = Int64(text.dropFirst(2), radix: 16) { return .int(int) }
        if text.hasPrefix("0o"), let int = Int64(text.dropFirst(2), radix: 8) { return .int(int) }
        if text.hasPrefix("0b"), let int = Int64(text.dropFirst(2), radix: 2) { return .int(int) }
        if text == "inf" || text == "+inf" { return .double(.infinity) }
        if text == "-inf" { return .double(-.infinity) }
        if text == "nan" || text == "+nan" || text == "-nan" { return .double(.nan) }
        if let double = Double(text) { return .double(double) }
        // Offset date-times, local dates and times stay text: configuration only ever compares them.
        if text.first?.isNumber == true, text.contains("-") || text.contains(":") { return .string(text) }
        throw failure("'\(text)' is not a number, boolean, string, array or table; strings need quotes")
    }

    private mutating func string() throws -> String {
        let quote = peek!
        if match(String(repeating: quote, count: 3)) { return try multilineString(quote: quote) }
        advance()
        var result = ""
        while let c = peek, c != quote {
            if c == "\n" { throw failure("string not closed before the end of the line") }
            advance()
            if c == "\\" && quote == "\"" { result.append(try escape()) } else { result.append(c) }
        }
        guard peek == quote else { throw failure("string not closed") }
        advance()
        return result
    }

    private mutating func multilineString(quote: Character) throws -> String {
        if peek == "\n" { advance(); newLine() }
        var result = ""
        while true {
            guard let c = peek else { throw failure("multi-line string not closed") }
            if match(String(repeating: quote, count: 3)) { return result }
            advance()
            if c == "\n" { newLine() }
            if c == "\\" && quote == "\"" {
                if peek == "\n" || peek == " " {
                    while let next = peek, next == "\n" || next == " " || next == "\t" {
                        if next == "\n" { newLine() }
                        advance()
                    }
                } else {
                    result.append(try escape())
                }
            } else {
                result.append(c)
            }
        }
    }

    private mutating func escape() throws -> Character {
        guard let c = peek else { throw failure("unfinished escape") }
        advance()
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let length = c == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<length {
                guard let h = peek, h.isHexDigit else { throw failure("bad unicode escape") }
                hex.append(h)
                advance()
            }
            guard let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) else { throw failure("bad unicode escape") }
            return Character(scalar)
        default: throw failure("unknown escape '\\\(c)'")
        }
    }

    private mutating func array() throws -> JSONValue {
        advance()
        var items: [JSONValue] = []
        while true {
            skipWhitespaceAndComments()
            if peek == "]" { advance(); return .array(items) }
            items.append(try value())
            skipWhitespaceAndComments()
            if peek == "," { advance(); continue }
            if peek == "]" { advance(); return .array(items) }
            throw failure("expected ',' or ']' in array")
        }
    }

    private mutating func inlineTable() throws -> JSONValue {
        advance()
        var table: [String: JSONValue] = [:]
        skipSpaces()
        if peek == "}" { advance(); return .object(table) }
        while true {
            skipSpaces()
            let key = try keyPath()
            skipSpaces()
            try expect("=")
            skipSpaces()
            try insert(try value(), at: key, in: &table, replacingTables: true)
            skipSpaces()
            if peek == "," { advance(); continue }
            if peek == "}" { advance(); return .object(table) }
            throw failure("expected ',' or '}' in inline table")
        }
    }

    // MARK: Keys and tables

    private mutating func keyPath() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            if peek == "\"" || peek == "'" {
                parts.append(try string())
            } else {
                let word = bareWord(allowing: "")
                guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw failure("expected a key")
                }
                parts.append(word)
            }
            skipSpaces()
            if peek == "." { advance(); continue }
            return parts
        }
    }

    private func insert(_ value: JSONValue, at path: [String], in table: inout [String: JSONValue], replacingTables: Bool) throws {
        let key = path[0]
        if path.count == 1 {
            if let existing = table[key] {
                if case .object = existing, case .object = value, !replacingTables { return }
                throw failure("key '\(key)' is defined twice")
            }
            table[key] = value
            return
        }
        var child: [String: JSONValue]
        switch table[key] {
        case nil: child = [:]
        case .object(let members): child = members
        case .array(let items):
            // `[[a]]` followed by `[a.b]` or `a.b = ...` extends the last table of the array.
            guard case .object(var last)? = items.last else { throw failure("key '\(key)' is not a table") }
            try insert(value, at: Array(path.dropFirst()), in: &last, replacingTables: replacingTables)
            table[key] = .array(items.dropLast() + [.object(last)])
            return
        default: throw failure("key '\(key)' is not a table")
        }
        try insert(value, at: Array(path.dropFirst()), in: &child, replacingTables: replacingTables)
        table[key] = .object(child)
    }

    private func appendTable(at path: [String], in table: inout [String: JSONValue]) throws {
        let key = path[0]
        if path.count == 1 {
            switch table[key] {
            case nil: table[key] = .array([.object([:])])
            case .array(let items): table[key] = .array(items + [.object([:])])
            default: throw failure("key '\(key)' is not an array of tables")
            }
            return
        }
        guard case .object(var child) = table[key] ?? .object([:]) else { throw failure("key '\(key)' is not a table") }
        try appendTable(at: Array(path.dropFirst()), in: &child)
        table[key] = .object(child)
    }

    // MARK: Scanning

    private var peek: Character? { index < chars.count ? chars[index] : nil }
    private mutating func advance() { index += 1 }
    private mutating func newLine() {
        line += 1
        lineStart = index
    }

    private mutating func match(_ text: String) -> Bool {
        let expected = Array(text)
        guard index + expected.count <= chars.count, Array(chars[index..<index + expected.count]) == expected else { return false }
        index += expected.count
        return true
    }

    private mutating func expect(_ c: Character) throws {
        guard peek == c else { throw failure("expected '\(c)'") }
        advance()
    }

    private mutating func bareWord(allowing extra: String = "") -> String {
        var word = ""
        while let c = peek, c.isLetter || c.isNumber || c == "_" || c == "-" || c == "+" || extra.contains(c) {
            word.append(c)
            advance()
        }
        return word
    }

    private mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { advance() }
    }

    private mutating func skipComment() {
        if peek == "#" { while let c = peek, c != "\n" { advance() } }
    }

    private mutating func skipBlankLines() {
        while true {
            skipSpaces()
            skipComment()
            if peek == "\r" { advance() }
            guard peek == "\n" else { return }
            advance()
            newLine()
        }
    }

    private mutating func skipWhitespaceAndComments() {
        while true {
            skipSpaces()
            skipComment()
            guard let c = peek, c == "\n" || c == "\r" else { return }
            advance()
            if c == "\n" { newLine() }
        }
    }

    private mutating func endOfLine() throws {
        skipSpaces()
        skipComment()
        if peek == "\r" { advance() }
        guard let c = peek else { return }
        guard c == "\n" else { throw failure("unexpected '\(c)' after value") }
        advance()
        newLine()
    }

    private func failure(_ message: String) -> SciError {
        SciError("\(name) line \(line), column \(index - lineStart + 1): \(message)",
                 hint: "fix the TOML syntax", exitCode: 1)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

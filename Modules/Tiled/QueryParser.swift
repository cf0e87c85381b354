import SciCore
import Foundation

/// The compact form of conditions the CLI takes, one condition per argument:
///
/// - `plan_name == "scan"`, `scan_id != 3`, `scan_id >= 10` (also `<`, `<=`, `>`)
/// - `"M9" in fulltext`
/// - `tags contains "a"`, `plan_name in ["scan","count"]`, `plan_name not in ["scan"]`
/// - `uid =~ "^abc"` (regex), `uid ~* "^ABC"` (regex ignoring case, PostgreSQL's spelling), `plan_name like "%scan%"`
/// - `stop exists`, `stop !exists`, `spec:BlueskyRun`, `!spec:BlueskyRun`, `family:array`, `key:run1`
/// - `keys:run1,run2` (only these children), `access_tags:public,lab` (servers with an access policy)
///
/// Values are JSON when they parse as JSON (`10`, `"scan"`, `true`, `[1,2]`) and plain strings otherwise.
public enum QueryParser {
    /// One condition from its compact form; a malformed one is one clear line saying what is accepted.
    public static func parse(_ text: String, caseSensitiveFulltext: Bool = false) throws -> Query.Condition {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let prefix = ["spec:", "!spec:", "family:", "key:", "keys:", "access_tags:"].first(where: { trimmed.hasPrefix($0) }) {
            let name = String(trimmed.dropFirst(prefix.count))
            let names = name.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !name.isEmpty, !names.contains("") else { throw bad(text) }
            switch prefix {
            case "spec:": return .specs(include: [name])
            case "!spec:": return .specs(include: [], exclude: [name])
            case "family:": return .structureFamily(name)
            case "keys:": return .keys(names)
            case "access_tags:": return .accessTags(names)
            default: return .lookup(name)
            }
        }
        if trimmed.hasSuffix(" in fulltext") {
            let value = String(trimmed.dropLast(" in fulltext".count)).trimmingCharacters(in: .whitespaces)
            guard case .string(let words) = literal(value), !words.isEmpty else { throw bad(text) }
            return .fulltext(words, caseSensitive: caseSensitiveFulltext)
        }
        if trimmed.hasSuffix(" !exists") { return .keyPresent(try key(String(trimmed.dropLast(8)), text), exists: false) }
        if trimmed.hasSuffix(" exists") { return .keyPresent(try key(String(trimmed.dropLast(7)), text)) }

        // KEY OP VALUE: the key is the first word, the operator the next one.
        guard let space = trimmed.firstIndex(of: " ") else { throw bad(text) }
        let name = try key(String(trimmed[..<space]), text)
        var rest = trimmed[space...].drop(while: { $0 == " " })
        let operators = ["not in", "==", "!=", "<=", ">=", "=~", "~*", "<", ">", "contains", "in", "like"]
        guard let op = operators.first(where: { rest.hasPrefix($0 + " ") }) else { throw bad(text) }
        rest = rest.dropFirst(op.count).drop(while: { $0 == " " })
        guard !rest.isEmpty else { throw bad(text) }
        let value = literal(String(rest))
        switch op {
        case "==": return .eq(name, value)
        case "!=": return .notEq(name, value)
        case "<": return .comparison(.lt, name, value)
        case "<=": return .comparison(.le, name, value)
        case ">": return .comparison(.gt, name, value)
        case ">=": return .comparison(.ge, name, value)
        case "contains": return .contains(name, value)
        case "in", "not in":
            guard case .array(let values) = value else {
                throw SciError("'\(text)': \(op) needs a JSON list such as [\"scan\",\"count\"]", exitCode: SciError.usageExitCode)
            }
            return op == "in" ? .isIn(name, values) : .notIn(name, values)
        case "=~", "~*":
            guard case .string(let pattern) = value else { throw bad(text) }
            return .regex(name, pattern: pattern, caseSensitive: op == "=~")
        default:
            guard case .string(let pattern) = value else { throw bad(text) }
            return .like(name, pattern: pattern)
        }
    }

    /// A query of every argument, ANDed.
    public static func parse(_ conditions: [String], caseSensitiveFulltext: Bool = false) throws -> Query {
        Query(try conditions.map { try parse($0, caseSensitiveFulltext: caseSensitiveFulltext) })
    }

    private static func literal(_ text: String) -> JSONValue {
        if let value = try? JSONValue(parsing: Data(text.utf8)) { return value }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { return .string(String(text.dropFirst().dropLast())) }
        return .string(text)
    }

    private static func key(_ candidate: String, _ text: String) throws -> String {
        let name = candidate.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
            throw bad(text)
        }
        return name
    }

    private static func bad(_ text: String) -> SciError {
        SciError(
            "cannot read the condition '\(text)'",
            hint: #"write KEY == VALUE (also != < <= > >= contains in like =~ ~*), "words" in fulltext, KEY exists, spec:NAME, family:NAME, keys:A,B"#,
            exitCode: SciError.usageExitCode)
    }
}

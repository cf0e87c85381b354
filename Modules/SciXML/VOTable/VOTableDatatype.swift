import Foundation
import SciCore

/// How the text of a TD or a PARAM value turns into a typed value, worked out once per column.
struct VOTableDatatype: Sendable {
    enum Kind: Sendable {
        case integer, real, complex, boolean, text
    }

    let kind: Kind
    /// Numbers and booleans with an arraysize other than "1" are space-separated lists.
    let isArray: Bool

    init(datatype: String?, arraysize: String?) {
        switch datatype?.lowercased() {
        case "short", "int", "long", "unsignedbyte": kind = .integer
        case "float", "double": kind = .real
        case "floatcomplex", "doublecomplex": kind = .complex
        case "boolean": kind = .boolean
        // char, unicodeChar, bit, and anything unknown stay as written rather than being guessed at.
        default: kind = .text
        }
        let size = arraysize?.trimmingCharacters(in: .whitespaces) ?? ""
        // A complex number is itself two numbers, so even one of them reads as a list.
        isArray = kind == .complex || (kind != .text && !size.isEmpty && size != "1")
    }

    /// The typed value of one cell; an empty cell is null, as the VOTable standard says.
    ///
    /// Text that does not fit the datatype is kept as a string rather than dropped, so nothing is lost
    /// when a writer bends the rules (NaN in an int column, a unit in a number).
    func decode(_ text: String) -> JSONValue {
        if kind == .text { return text.isEmpty ? .null : .string(text) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .null }
        guard isArray else { return scalar(trimmed) }
        return .array(trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map { scalar(String($0)) })
    }

    private func scalar(_ text: String) -> JSONValue {
        switch kind {
        case .integer:
            if let value = Int64(text) { return .int(value) }
            if text.hasPrefix("0x") || text.hasPrefix("0X"), let value = Int64(text.dropFirst(2), radix: 16) {
                return .int(value)
            }
            return real(text)
        case .real, .complex:
            return real(text)
        case .boolean:
            switch text.lowercased() {
            case "t", "true", "1": return .bool(true)
            case "f", "false", "0": return .bool(false)
            case "?": return .null
            default: return .string(text)
            }
        case .text:
            return .string(text)
        }
    }

    private func real(_ text: String) -> JSONValue {
        guard let value = Double(text) else { return .string(text) }
        // NaN is VOTable's null for floating point, and JSON has no NaN, so it becomes null here.
        return value.isNaN ? .null : .double(value)
    }
}

import Foundation

/// The text rules of header cards that cfitsio leaves to its callers: turning value text into typed values,
/// joining CONTINUE strings, and checking what may be written.
enum CardText {
    /// A typed value from the value text cfitsio cut out of a card (`'abc '`, `42`, `1.5D3`, `T`, `(1., 2.)`).
    static func value(from text: String) -> HeaderValue {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .undefined }
        if text.hasPrefix("'") {
            return .string(trimTrailingSpaces(quoted(text[...])?.text ?? String(text.dropFirst())))
        }
        if text == "T" { return .bool(true) }
        if text == "F" { return .bool(false) }
        if text.hasPrefix("("), text.hasSuffix(")") {
            let parts = text.dropFirst().dropLast().split(separator: ",")
            if parts.count == 2, let real = number(parts[0]), let imaginary = number(parts[1]) {
                return .complex(real: real, imaginary: imaginary)
            }
        }
        if let integer = Int(text) { return .integer(integer) }
        if let real = number(text[...]) { return .double(real) }
        // Not a legal FITS value; keeping its text loses nothing.
        return .string(text)
    }

    /// The string of a quoted FITS value and what follows its closing quote; `''` inside stands for one quote.
    static func quoted(_ text: Substring) -> (text: String, rest: Substring)? {
        guard text.first == "'" else { return nil }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let char = text[index]
            index = text.index(after: index)
            if char == "'" {
                if index < text.endIndex, text[index] == "'" {
                    result.append("'")
                    index = text.index(after: index)
                } else {
                    return (result, text[index...])
                }
            } else {
                result.append(char)
            }
        }
        return nil
    }

    /// The string and comment of a `CONTINUE  'more text&' / comment` card, nil when it holds no string.
    static func continuation(_ card: String) -> (text: String, comment: String)? {
        guard card.hasPrefix("CONTINUE") else { return nil }
        let body = card.dropFirst(8).drop { $0 == " " }
        guard let (text, rest) = quoted(body) else { return nil }
        let tail = rest.trimmingCharacters(in: .whitespaces)
        let comment = tail.hasPrefix("/") ? tail.dropFirst().trimmingCharacters(in: .whitespaces) : ""
        return (text, comment)
    }

    /// The fewest significant digits (at most 17) that read back as exactly this number.
    static func significantDigits(of value: Double) -> Int32 {
        for digits in 1..<17 where Double(String(format: "%.\(digits)G", value)) == value { return Int32(digits) }
        return 17
    }

    /// Why this text cannot go into a header, or nil when it can: FITS headers hold printable ASCII only.
    static func problem(inText text: String, what: String) -> String? {
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || $0.value > 0x7E }) {
            let shown = bad.value < 0x20 ? String(format: "U+%04X", bad.value) : "'\(bad)'"
            return "\(what) contains \(shown); FITS headers hold printable ASCII only"
        }
        return nil
    }

    /// Why this keyword cannot be written, or nil when it can.
    static func problem(inKeyword keyword: String) -> String? {
        if keyword.isEmpty { return "a keyword must not be empty" }
        if let problem = problem(inText: keyword, what: "keyword '\(keyword)'") { return problem }
        if keyword.contains("=") { return "keyword '\(keyword)' contains '='" }
        if keyword.hasPrefix(" ") || keyword.hasSuffix(" ") { return "keyword '\(keyword)' starts or ends with a space" }
        return nil
    }

    static func trimTrailingSpaces(_ text: String) -> String {
        guard let last = text.lastIndex(where: { $0 != " " }) else { return "" }
        return String(text[...last])
    }

    private static func number(_ text: Substring) -> Double? {
        // FORTRAN-style exponents (1.5D3) are legal FITS.
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "D", with: "E")
            .replacingOccurrences(of: "d", with: "e")
        guard !cleaned.isEmpty, cleaned.first != "." || cleaned.count > 1 else { return nil }
        if let value = Double(cleaned) { return value }
        // "2." is legal FITS but not a Swift Double literal.
        if cleaned.hasSuffix(".") { return Double(cleaned + "0") }
        if let range = cleaned.range(of: ".E") { return Double(cleaned.replacingCharacters(in: range, with: ".0E")) }
        return nil
    }
}

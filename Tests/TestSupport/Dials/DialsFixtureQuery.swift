import Foundation

/// The query parameters of a listing, read as DIALS' django-filter does: `x` exact, `x__lte`, `x__gte`, `x__in`
/// (comma list), `x__regex`; parameters it does not know (such as cmsdials' `ls_numbet__lte`) are ignored.
struct DialsFixtureQuery {
    let values: [String: String]
    private var regexes: [String: NSRegularExpression] = [:]

    init(_ values: [String: String]) throws {
        self.values = values
        for (name, pattern) in values where name.hasSuffix("__regex") {
            do {
                regexes[name] = try NSRegularExpression(pattern: pattern)
            } catch {
                throw InvalidFilter(detail: "\(name): '\(pattern)' is not a valid regular expression")
            }
        }
    }

    /// A filter the server cannot use, answered `400` with its `detail`.
    struct InvalidFilter: Error {
        var detail: String
    }

    /// Whether `value` passes the filters on `field`: exact, bounds and list.
    func allows(_ field: String, _ value: Int) -> Bool {
        if let exact = values[field] { guard Int(exact) == value else { return false } }
        if let bound = values[field + "__lte"].flatMap({ Int($0) }), value > bound { return false }
        if let bound = values[field + "__gte"].flatMap({ Int($0) }), value < bound { return false }
        if let list = values[field + "__in"] {
            guard list.split(separator: ",").contains(where: { Int($0) == value }) else { return false }
        }
        return true
    }

    /// Whether `value` passes the filters on a text field: exact and regular expression (searched, as PostgreSQL's `~`).
    func allows(_ field: String, text value: String) -> Bool {
        if let exact = values[field], exact != value { return false }
        if let regex = regexes[field + "__regex"] {
            guard regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil else { return false }
        }
        return true
    }

    /// Whether a boolean field matches (`True`/`true`).
    func allows(_ field: String, bool value: Bool) -> Bool {
        guard let text = values[field] else { return true }
        return (text.lowercased() == "true") == value
    }

    /// Whether any of these filters is given.
    func has(_ names: String...) -> Bool { names.contains { values[$0] != nil } }

    func int(_ name: String) -> Int? { values[name].flatMap { Int($0) } }
}

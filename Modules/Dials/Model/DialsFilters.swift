import SciCore

/// The filters of one listing: only fields the endpoint's cmsdials filter class has, each with a value of its type,
/// sent in that class's field order. Typing `ls_numbet__lte` (cmsdials' misspelt field, which the server ignores) is
/// an error here that names `ls_number__lte`.
public struct DialsFilters: Sendable, Hashable, Codable {
    /// The endpoint these filters are for.
    public let endpoint: DialsEndpoint
    /// Set filters by name, values as sent on the wire (`True`, `20,19`).
    public private(set) var values: [String: String] = [:]

    /// No filters.
    public init(_ endpoint: DialsEndpoint) { self.endpoint = endpoint }

    /// Filters from pairs, each value parsed as its field's type.
    public init(_ endpoint: DialsEndpoint, _ pairs: KeyValuePairs<String, String>) throws {
        self.init(endpoint)
        for (name, text) in pairs { try set(name, text) }
    }

    /// Sets an integer filter.
    public mutating func set(_ name: String, _ value: Int) throws {
        try checkPageSize(name, value)
        try store(name, String(value), kind: .int)
    }

    /// Sets a list filter (`model_id__in`).
    public mutating func set(_ name: String, _ values: [Int]) throws {
        try store(name, values.map(String.init).joined(separator: ","), kind: .ints)
    }

    /// Sets a true/false filter.
    public mutating func set(_ name: String, _ value: Bool) throws {
        // Capitalised, as cmsdials sends them (Python's str of a bool).
        try store(name, value ? "True" : "False", kind: .bool)
    }

    /// Sets a filter from text, parsed as the field's type: what the command line passes.
    public mutating func set(_ name: String, _ text: String) throws {
        let field = try field(name)
        switch field.kind {
        case .string:
            values[name] = text
        case .int:
            guard let value = Int(text) else { throw invalid(field, text, "an integer") }
            try checkPageSize(name, value)
            values[name] = String(value)
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes": values[name] = "True"
            case "false", "0", "no": values[name] = "False"
            default: throw invalid(field, text, "true or false")
            }
        case .ints:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, !parts.contains(nil) else { throw invalid(field, text, "integers separated by commas") }
            values[name] = parts.map { String($0!) }.joined(separator: ",")
        }
    }

    /// Removes a filter.
    public mutating func remove(_ name: String) { values[name] = nil }

    /// Rows per page (the server caps it at 500; its default is 10).
    public var pageSize: Int? {
        get { values["page_size"].flatMap { Int($0) } }
        set { values["page_size"] = newValue.map(String.init) }
    }

    /// The query parameters in the order cmsdials sends them.
    public var queryItems: [(name: String, value: String)] {
        endpoint.filterFields.compactMap { field in values[field.name].map { (field.name, $0) } }
    }

    /// A page holds at least one row (DIALS sends at most 500, whatever is asked).
    private func checkPageSize(_ name: String, _ value: Int) throws {
        guard name == "page_size", value < 1 else { return }
        throw SciError("filter page_size must be 1 or more, not \(value)", hint: "DIALS sends at most 500 rows a page",
                       exitCode: SciError.usageExitCode)
    }

    private mutating func store(_ name: String, _ value: String, kind: FilterField.Kind) throws {
        let field = try field(name)
        guard field.kind == kind else {
            throw SciError("filter \(name) of \(endpoint.rawValue) takes \(Self.describe(field.kind))", exitCode: SciError.usageExitCode)
        }
        values[name] = value
    }

    private func field(_ name: String) throws -> FilterField {
        if let field = endpoint.filterFields.first(where: { $0.name == name }) { return field }
        let hint = name == "ls_numbet__lte"
            ? "cmsdials misspells it; the filter is ls_number__lte"
            : "filters of \(endpoint.rawValue): \(endpoint.filterFields.map(\.name).joined(separator: ", "))"
        throw SciError("\(endpoint.rawValue) has no filter \(name)", hint: hint, exitCode: SciError.usageExitCode)
    }

    private func invalid(_ field: FilterField, _ text: String, _ expected: String) -> SciError {
        SciError("filter \(field.name) must be \(expected), not '\(text)'", exitCode: SciError.usageExitCode)
    }

    private static func describe(_ kind: FilterField.Kind) -> String {
        switch kind {
        case .int: return "an integer"
        case .string: return "text"
        case .bool: return "true or false"
        case .ints: return "a list of integers"
        }
    }
}

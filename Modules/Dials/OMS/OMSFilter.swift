/// One condition of an OMS query through DIALS' proxy: `attribute operator value`, sent as
/// `filter[attribute][OPERATOR]=value` (cmsdials' `OMSFilter`).
public struct OMSFilter: Sendable, Hashable {
    /// OMS's comparison operators.
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "EQ", notEqual = "NEQ", less = "LT", greater = "GT", lessOrEqual = "LE", greaterOrEqual = "GE", like = "LIKE"
    }

    /// The attribute, e.g. `run_number`.
    public var attribute: String
    /// The comparison.
    public var `operator`: Operator
    /// The value, as text on the wire.
    public var value: String

    /// A condition.
    public init(_ attribute: String, _ operator: Operator, _ value: String) {
        self.attribute = attribute
        self.operator = `operator`
        self.value = value
    }

    /// A condition with a numeric value.
    public init(_ attribute: String, _ operator: Operator, _ value: Int) {
        self.init(attribute, `operator`, String(value))
    }

    /// Reads `attribute:OP:value` (`run_number:GE:380000`), the command line's form; nil when it is not one.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, let op = Operator(rawValue: parts[1].uppercased()) else { return nil }
        self.init(parts[0], op, parts[2])
    }
}

public import SciCore

/// Everything that keeps a product, collection or revision from being pushed, found at once.
public struct PreflightFailed: Error, Sendable, Equatable, SciErrorConvertible {
    /// One line per problem, naming the product (and source) it is about.
    public let problems: [String]

    public var sciError: SciError {
        SciError(
            "preflight found \(problems.count) problem\(problems.count == 1 ? "" : "s"): " + problems.joined(separator: "; "),
            hint: "fix them and push again; `sci henry preflight FILE.json` checks without pushing")
    }
}

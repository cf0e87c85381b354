/// The dimensions of a dataset type, closed over `requires` and `implies` and split the way daf_butler does.
public struct DimensionGroup: Sendable, Hashable, Codable {
    /// The dimensions that identify a dataset: the given ones and everything they require, sorted by name.
    public var required: [String]
    /// The dimensions implied by the required ones and not among them, sorted by name.
    public var implied: [String]

    /// All of them, required first.
    public var names: [String] { required + implied }

    /// The group's name in the registry, `detector+instrument+observation`.
    public var key: String { required.joined(separator: "+") }
}

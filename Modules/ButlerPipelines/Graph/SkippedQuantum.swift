public import Butler

/// A quantum the graph leaves out because an input is missing, as pipetask prunes it; said once per data ID.
public struct SkippedQuantum: Sendable, Hashable, Codable {
    /// The task's label.
    public var task: String
    /// The data ID.
    public var dataId: DataId
    /// The dataset types with no dataset for it.
    public var missing: [String]

    /// A skipped quantum.
    public init(task: String, dataId: DataId, missing: [String]) {
        self.task = task
        self.dataId = dataId
        self.missing = missing
    }

    /// The note printed for it.
    public var note: String {
        "skipped \(task) \(dataId): no \(missing.joined(separator: ", ")) in the input collections"
    }
}

public import Butler

/// One unit of work: a task run on one data ID, with the datasets it reads (found in the input collections or
/// made by earlier quanta) and the ones it will write into the output RUN (ids known in advance).
public struct Quantum: Sendable, Hashable, Codable {
    /// Its number in the graph.
    public var id: Int
    /// The task's label.
    public var task: String
    /// The data ID over the task's dimensions.
    public var dataId: DataId
    /// Each input connection's datasets.
    public var inputs: [String: [DatasetRef]]
    /// Each output connection's datasets, predicted.
    public var outputs: [String: [DatasetRef]]
    /// The provenance record it writes last, which marks it done.
    public var metadata: DatasetRef
    /// The quanta whose outputs it reads.
    public var dependencies: [Int]

    /// A quantum.
    public init(
        id: Int, task: String, dataId: DataId, inputs: [String: [DatasetRef]], outputs: [String: [DatasetRef]],
        metadata: DatasetRef, dependencies: [Int]
    ) {
        self.id = id
        self.task = task
        self.dataId = dataId
        self.inputs = inputs
        self.outputs = outputs
        self.metadata = metadata
        self.dependencies = dependencies
    }
}

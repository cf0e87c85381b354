/// What `PipelineRunner.prepare` decided: the graph, the quanta still to run, and whether it resumes a RUN a
/// killed or failed run left unfinished.
public struct RunPlan: Sendable {
    /// The graph (its output RUN new, or the one resumed).
    public var graph: QuantumGraph
    /// The quanta to run.
    public var pending: Set<Int>
    /// Whether an unfinished RUN is resumed.
    public var resumed: Bool
    /// Lines worth telling the user (resumed, skipped for --skip-existing).
    public var notes: [String]
}

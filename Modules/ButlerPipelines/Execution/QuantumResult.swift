public import Foundation

/// A quantum whose task has run: the outputs it handed over, waiting to be committed, and when and how long.
public struct QuantumResult: Sendable {
    /// The quantum.
    public var quantum: Quantum
    /// When its task started.
    public var started: Date
    /// How long its task took, in seconds.
    public var seconds: Double
    var produced: [ProducedOutput]
    /// The staged provenance record, committed after the outputs.
    var record: String

    /// Removes the staged files of a quantum that will not be committed.
    func discard() {
        for output in produced { output.discard() }
        unlink(record)
    }
}

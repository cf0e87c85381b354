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
    /// The node it ran on, when not this process's (a batch job's).
    var host: String? = nil
}

/// What an executor reports while it runs, for progress output.
public enum QuantumEvent: Sendable {
    /// A quantum is finished and committed.
    case finished(Quantum)
    /// A quantum failed.
    case failed(Quantum, String)
}

/// Where quanta run: the seam between the graph and the machines. `LocalExecutor` runs them on threads of this
/// process; a cluster backend (Slurm) runs each quantum, or a batch of them, as a job that calls back into the same
/// `QuantumRunner` on the node and commits there.
public protocol QuantumExecutor: Sendable {
    /// A short name for messages (`local`, `slurm`).
    var name: String { get }

    /// Runs the quanta `pending` of the runner's graph (each after the pending quanta it depends on; dependencies
    /// not pending count as finished), reports each one to `observe`, and returns what happened. A failed quantum's
    /// dependents are not run; the others are.
    func execute(pending: Set<Int>, runner: QuantumRunner, observe: @escaping @Sendable (QuantumEvent) -> Void) -> ExecutionReport
}

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
    /// The staged provenance record, written by the task's thread and committed after the outputs; nil when the
    /// committer writes it (a batch job's result).
    var record: String? = nil

    /// The writes of output images the task handed over, still to be done before the quantum can be committed
    /// (`QuantumRunner.run(_:deferringWrites:)`).
    var unwritten: [@Sendable () throws -> Void] = []

    /// Does the writes still to be done; when one fails, removes every staged file and throws.
    mutating func write() throws {
        defer { unwritten = [] }
        do {
            for write in unwritten { try write() }
        } catch {
            discard()
            throw error
        }
    }

    /// Removes the staged files of a quantum that will not be committed.
    func discard() {
        for output in produced { output.discard() }
        if let record { unlink(record) }
    }
}

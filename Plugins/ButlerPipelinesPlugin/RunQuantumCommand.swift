public import ArgumentParser
import ButlerPipelines
import Foundation
public import SciCLI

/// `sci butler run-quantum`: what a Slurm job of `sci butler run --executor slurm` runs; hidden from help.
public struct RunQuantumCommand: ParsableCommand, GlobalOptionsCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run-quantum",
        abstract: "Run one quantum of a saved graph inside a batch job (called by the sbatch scripts of sci butler run).",
        discussion: """
            Reads the graph sci butler run saved in the run's Slurm folder, runs the quantum's task and stages its
            outputs there with a handover file; the submitting sci butler run commits them. Writes nothing into the
            registry or the datastore.
            Example:
              sci butler run-quantum DATA DATA/.sci-pipelines/slurm/subtractr%2F20260101T120000Z 17
            """,
        shouldDisplay: false)

    @OptionGroup public var globals: GlobalOptions
    @Argument(help: ArgumentHelp("The repository folder.", valueName: "repo")) var repo: String
    @Argument(help: ArgumentHelp("The run's Slurm folder, holding qgraph.json.", valueName: "folder")) var folder: String
    @Argument(help: ArgumentHelp("The quantum's number in the graph.", valueName: "quantum")) var quantum: Int

    public init() {}

    public func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let job = [environment["SLURM_ARRAY_JOB_ID"], environment["SLURM_ARRAY_TASK_ID"]].compactMap { $0 }.joined(separator: "_")
        try QuantumJob.run(repo: repo, folder: folder, quantum: quantum, job: job)
    }
}

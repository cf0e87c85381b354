public import ArgumentParser
import Butler
import ButlerPipelines
import Foundation
import SciBatch
import SciCore
public import SciCLI

/// `sci butler run`: builds a pipeline's quantum graph and runs it, as `pipetask run`.
public struct RunPipelineCommand: ParsableCommand, GlobalOptionsCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline's quanta; outputs go into a new RUN OUTPUT/<timestamp> chained under OUTPUT.",
        discussion: """
            Each quantum commits its outputs and then its provenance (<label>_metadata: which inputs made which
            outputs). After a kill or a failure, the same command resumes that RUN and runs only unfinished quanta.
            Exit status 1 when a quantum failed: the others still run, except those needing its outputs.
            Example:
              sci butler run DATA -p ExamplePipeline.yaml -i rawexpr,darkr -o subtractr --register-dataset-types -j 2
              sci butler query-datasets DATA postDark --collections subtractr
            With --executor slurm (or executor: {type: slurm, partition: ..., cpus_per_quantum: ...} in the pipeline
            file) each quantum is an element of a Slurm job array, a quantum after others with afterok on their jobs;
            the repository and sci must be on a file system the nodes share. The jobs stage their outputs and this
            process commits them, so keep it running (or run the same command again: it takes over the jobs still
            queued or running, and re-runs cancelled, failed or timed-out ones, which are reported with Slurm's
            reason and log). Scripts, job ids and logs go to DATA/.sci-pipelines/slurm/<RUN>.
              sci butler run DATA -p ExamplePipeline.yaml -i rawexpr,darkr -o subtractr --executor slurm --partition debug
              sci butler run DATA -p ExamplePipeline.yaml -i rawexpr,darkr -o subtractr --executor slurm --dry-run
            """)

    @OptionGroup public var globals: GlobalOptions
    @OptionGroup var pipeline: PipelineOptions
    @Option(name: [.short, .customLong("jobs")], help: "Quanta run at once.") var jobs = 1
    @Flag(help: "Leave out quanta already finished in the output collection (their outputs are read from there).")
    var skipExisting = false
    @Flag(help: "Register the output dataset types (and <label>_metadata) when missing.") var registerDatasetTypes = false
    @OptionGroup var slurm: SlurmFlags
    @Flag(help: "Sync each output to disk before it is committed, so a power cut loses no finished quantum (the run then goes at the disk's speed; a killed run loses nothing either way).")
    var sync = false

    public init() {}

    public func validate() throws {
        guard jobs >= 1, jobs <= 1024 else { throw ValidationError("-j takes 1 to 1024 quanta at once, not \(jobs)") }
    }

    public func run() throws {
        let (butler, configured) = try pipeline.open()
        let runner = PipelineRunner(butler: butler, pipeline: configured)
        let plan = try runner.prepare(pipeline.runnerOptions(skipExisting: skipExisting))
        let graph = plan.graph
        for skipped in graph.skipped { Self.note("note: " + skipped.note) }
        for note in plan.notes where !globals.quiet { Self.note(note) }
        guard !plan.pending.isEmpty || plan.resumed else {
            throw SciError(
                "the quantum graph is empty: no data ID has every input in \(graph.inputCollections.joined(separator: ", "))",
                hint: graph.skipped.isEmpty ? "check -i, --where and the pipeline's dataset types" : "see the notes above")
        }
        let settings = try slurm.applied(to: configured.executor)
        let executor: any QuantumExecutor
        if settings.kind == .slurm {
            let batch = SlurmQuantumExecutor(options: settings.slurm, program: Self.program)
            if slurm.dryRun {
                let scripts = try batch.printScripts(plan, repo: butler.root) { text in RecordWriter.standardOutput(text) }
                if !globals.quiet { Self.note("dry run: \(plan.pending.count) quanta in \(scripts) sbatch scripts; nothing submitted or written") }
                return
            }
            guard SlurmExecutor.program("sbatch") != nil else {
                throw SciError("sbatch is not installed or not on PATH", hint: "run on a Slurm login node, or use --executor local")
            }
            if plan.resumed, !globals.quiet, let earlier = SlurmQuantumExecutor.earlierJobs(repo: butler.root, run: graph.outputRun) {
                Self.note(earlier)
            }
            executor = batch
        } else {
            guard !slurm.dryRun else { throw SciError("--dry-run prints sbatch scripts, so it needs the Slurm executor", hint: "add --executor slurm") }
            executor = LocalExecutor(jobs: jobs)
        }
        QuantumRunner.keepFreedImageMemory()
        let started = Date()
        let report = try runner.execute(plan, registerDatasetTypes: registerDatasetTypes, executor: executor, syncOutputs: sync) { event in
            // On Slurm each failure says which job and log: worth a line of its own as it happens.
            if case .failed(_, let message) = event, settings.kind == .slurm { Self.note("error: " + message) }
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let writer = try globals.makeWriter(columns: ["quantum", "task", "type", "run", "id"] + butler.registry.universe.inUniverseOrder(
            Array(Set(configured.tasks.flatMap(\.connections.dimensions)))))
        for id in report.finished {
            let quantum = graph.quanta[id]
            for ref in quantum.outputs.keys.sorted().flatMap({ quantum.outputs[$0]! }) {
                var row: [String: JSONValue] = ref.dataId.values.mapValues(\.json)
                row["quantum"] = .int(Int64(id))
                row["task"] = .string(quantum.task)
                row["type"] = .string(ref.datasetType)
                row["run"] = .string(ref.run)
                row["id"] = .string(ref.id.uuidString.lowercased())
                writer.write(row)
            }
        }
        writer.finish()
        guard report.failed.isEmpty else {
            let first = report.failed.keys.min()!
            throw SciError(
                "\(report.failed.count) of \(plan.pending.count) quanta failed; first: \(report.failed[first]!)",
                hint: (report.blocked.isEmpty ? "" : "\(report.blocked.count) more not run because they need failed outputs; ")
                    + "fix the cause and run the same command again to resume RUN \(graph.outputRun)")
        }
        if !globals.quiet {
            let how = settings.kind == .slurm ? "on Slurm" : "with -j \(jobs)"
            Self.note("\(report.finished.count) quanta finished in \(seconds) s \(how); outputs in RUN \(graph.outputRun), chained under \(graph.output)")
        }
    }

    /// This sci, for the jobs to run (on a file system the nodes share).
    static var program: String {
        let link = "/proc/self/exe"
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: link), resolved.hasPrefix("/") { return resolved }
        let first = CommandLine.arguments.first ?? "sci"
        return first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
    }

    static func note(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}

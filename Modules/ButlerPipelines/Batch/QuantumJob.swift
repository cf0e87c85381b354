import Butler
import Foundation
import SciCore

/// One quantum run inside a batch job (`sci butler run-quantum`, which the Slurm scripts call): reads the graph the
/// submitting `sci butler run` saved in the run's Slurm folder, runs the quantum's task, and leaves its outputs
/// staged in `quanta/q<id>/<job>/` with the handover (`quanta/q<id>.json`) written last. It writes nothing into
/// the registry or the datastore: the submitter commits, so SQLite sees one writer and a kill of either side at any
/// moment loses nothing (an output without a handover is staged, not registered, and the quantum runs again).
public enum QuantumJob {
    /// The graph a run's Slurm folder holds.
    static func graphPath(folder: String) -> String { "\(folder)/qgraph.json" }

    /// Runs quantum `id` of the graph saved in `folder` on the repository at `repo`; `job` names the Slurm job
    /// (array element) in the staging folder and the handover.
    public static func run(repo: String, folder: String, quantum id: Int, job: String) throws {
        let source = graphPath(folder: folder)
        guard let data = FileManager.default.contents(atPath: source) else {
            throw PipelineError.invalidGraph("no saved graph at \(source)")
        }
        let graph = try QuantumGraph(jsonData: data, source: source)
        guard graph.quanta.indices.contains(id), graph.quanta[id].id == id else {
            throw PipelineError.invalidGraph("the graph in \(source) has no quantum \(id) (it has \(graph.quanta.count))")
        }
        let pipeline = try ConfiguredPipeline(Pipeline(tasks: graph.tasks.map { PipelineEntry(label: $0.label, className: $0.className, config: $0.config) }))
        let butler = try Butler(root: repo)
        let quantum = withStagedInputs(graph.quanta[id], graph: graph, folder: folder)
        let staging = "\(folder)/quanta/q\(id)/\(fileName(job))"
        // A job run again (requeued, or resubmitted after a failure) starts from nothing.
        try? FileManager.default.removeItem(atPath: staging)
        let runner = try QuantumRunner(butler: butler, graph: graph, pipeline: pipeline, staging: staging, resuming: false)
        let result = try runner.run(quantum)
        let handover = try QuantumHandover(result, job: job, host: QuantumRunner.hostName())
        // The staged files reach the disk before the handover that names them.
        for output in handover.outputs { if let file = output.file { try QuantumContext.sync(file) } }
        try handover.write(folder: folder)
    }

    /// The quantum with each input an earlier quantum of the same run wrote, and whose handover exists, read from
    /// its staged file: the submitter may not have committed it yet when this job starts (afterok only waits for
    /// the job). Inputs committed before (a resumed run) are found in the registry, as locally.
    static func withStagedInputs(_ quantum: Quantum, graph: QuantumGraph, folder: String) -> Quantum {
        var producers: [UUID: Int] = [:]
        for dependency in quantum.dependencies where graph.quanta.indices.contains(dependency) {
            for ref in graph.quanta[dependency].outputs.values.joined() { producers[ref.id] = dependency }
        }
        var handovers: [Int: QuantumHandover] = [:]
        var resolved = quantum
        for (name, refs) in quantum.inputs {
            resolved.inputs[name] = refs.map { ref in
                guard ref.path == nil, let producer = producers[ref.id] else { return ref }
                if handovers[producer] == nil { handovers[producer] = QuantumHandover.read(quantum: producer, folder: folder) }
                guard let file = handovers[producer]?.outputs.first(where: { $0.ref.id == ref.id })?.file,
                      FileManager.default.fileExists(atPath: file) else { return ref }
                var staged = ref
                staged.path = file
                return staged
            }
        }
        return resolved
    }

    private static func fileName(_ job: String) -> String {
        let name = job.isEmpty ? "pid\(getpid())" : job
        return String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }
}

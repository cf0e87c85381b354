import Foundation
public import SciBatch
import SciCore
import Synchronization

/// Runs quanta as Slurm jobs, one array element per quantum: the quanta whose upstream quanta are submitted go out
/// together as one job array, a quantum after others with `--dependency=afterok` on their jobs (`SlurmExecutor`).
/// Each element runs `sci butler run-quantum` (`QuantumJob`), which stages the quantum's outputs on the shared file
/// system and hands them over; this process, the only one writing the registry, commits each quantum once its job
/// ended well and every quantum before it is committed, outputs first and provenance last, as locally.
///
/// Everything goes into the run's Slurm folder, `<repo>/.sci-pipelines/slurm/<RUN>`: the graph the jobs read, the
/// sbatch scripts, the job ids (`jobs.json`, saved as soon as sbatch answers), Slurm's logs, each quantum's
/// standard error and its staged outputs. After a kill, the same `sci butler run` resumes the RUN and takes over the
/// jobs still queued or running, and those that finished meanwhile, instead of submitting them again.
public struct SlurmQuantumExecutor: QuantumExecutor {
    /// `slurm`.
    public var name: String { "slurm" }
    /// What every quantum's job asks for.
    public let options: SlurmOptions
    /// The sci program the jobs run (absolute, on a file system the nodes share).
    public let program: String

    /// An executor whose jobs run `program`.
    public init(options: SlurmOptions, program: String) {
        self.options = options
        self.program = program
    }

    /// The Slurm folder of `run` in the repository at `repo`: the RUN's name with anything but letters, digits,
    /// `.`, `_` and `-` as `_`, and a hash of the whole name against collisions. No `%`, which sbatch would read
    /// as a pattern in `--output`.
    public static func folder(repo: String, run: String) -> String {
        let plain = String(run.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return "\(repo)/.sci-pipelines/slurm/\(plain)-\(Checksum.xxh64(of: Array(run.utf8)).hex.prefix(8))"
    }

    /// What became of the jobs an earlier run of `run` submitted, for the note of a resumed run (`12 queued,
    /// 2 running, 86 ended`), or nil when it submitted none. Ended jobs are taken over if they wrote an exit file.
    public static func earlierJobs(repo: String, run: String) -> String? {
        let jobs = SlurmExecutor.savedJobs(in: folder(repo: repo, run: run))
        guard !jobs.isEmpty else { return nil }
        let answer = Mutex<SlurmJobTable?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let table = await SlurmExecutor.jobTable()
            answer.withLock { $0 = table }
            done.signal()
        }
        done.wait()
        guard let table = answer.withLock({ $0 }) else { return "Slurm jobs of the earlier run: \(jobs.count) (scontrol cannot say how they are)" }
        var counts: [String: Int] = [:]
        for job in jobs.values { counts[table.entry(for: job)?.progress ?? "ended", default: 0] += 1 }
        let parts = ["queued", "running", "ended"].compactMap { key in counts[key].map { "\($0) \(key)" } }
        return "Slurm jobs of the earlier run: " + parts.joined(separator: ", ")
    }

    /// The job of quantum `id`: its element of an array, after the jobs of the pending quanta it reads from.
    func job(_ quantum: Quantum, pending: Set<Int>, repo: String, folder: String) -> BatchJob {
        BatchJob(
            name: "q\(quantum.id)", command: [program, "butler", "run-quantum", repo, folder, String(quantum.id)], workingDirectory: folder,
            errorLog: "\(folder)/q\(quantum.id).stderr", dependencies: quantum.dependencies.filter(pending.contains).sorted().map { "q\($0)" })
    }

    /// Prints the sbatch scripts the pending quanta of `plan` would go out with, to `output`; nothing is written or
    /// submitted. Returns how many scripts.
    public func printScripts(_ plan: RunPlan, repo: String, output: @escaping @Sendable (String) -> Void) throws -> Int {
        let folder = Self.folder(repo: repo, run: plan.graph.outputRun)
        let slurm = try SlurmExecutor(
            folder: folder, options: options, jobName: "sci-butler", dryRun: true, writtenBy: "sci butler run --executor slurm", output: output)
        let jobs = plan.pending.sorted().map { job(plan.graph.quanta[$0], pending: plan.pending, repo: repo, folder: folder) }
        let scripts = Counter()
        let done = DispatchSemaphore(value: 0)
        slurm.expect(jobs.count)
        Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for job in jobs { group.addTask { if case .planned(let id) = await slurm.run(job) { scripts.add(id) } } }
            }
            done.signal()
        }
        done.wait()
        return scripts.arrays
    }

    /// Runs the pending quanta on Slurm; see `QuantumExecutor`.
    public func execute(pending: Set<Int>, runner: QuantumRunner, observe: @escaping @Sendable (QuantumEvent) -> Void) -> ExecutionReport {
        let graph = runner.graph
        let repo = runner.butler.root
        let folder = Self.folder(repo: repo, run: graph.outputRun)
        let state = SlurmQuantumState(graph: graph, pending: pending, folder: folder)
        // Two submitters of one RUN would both take the same jobs over and each read the other's exit files.
        try? FileManager.default.createDirectory(atPath: "\(folder)/commit", withIntermediateDirectories: true)
        let lock = open("\(folder)/run.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            return state.failAll("cannot open \(folder)/run.lock: \(String(cString: strerror(errno)))", observe: observe)
        }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            return state.failAll(
                "another sci butler run is running RUN \(graph.outputRun) (it holds \(folder)/run.lock); let it finish", observe: observe)
        }
        defer { close(lock) }
        let slurm: SlurmExecutor
        do {
            try AtomicFile.write(try graph.jsonData(), to: QuantumJob.graphPath(folder: folder))
            slurm = try SlurmExecutor(
                folder: folder, options: options, jobName: "sci-butler", writtenBy: "sci butler run --executor slurm")
        } catch {
            return state.failAll(PipelineRunner.message(error), observe: observe)
        }
        let jobs = pending.sorted().map { job(graph.quanta[$0], pending: pending, repo: repo, folder: folder) }
        slurm.expect(jobs.count)
        Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask {
                        let outcome = await slurm.run(job)
                        let doomed = state.arrived(Int(job.name.dropFirst()) ?? -1, outcome, log: job.errorLog)
                        if !doomed.isEmpty { await slurm.cancel(doomed) }
                    }
                }
            }
        }
        let report = state.commit(runner: runner, staging: "\(folder)/commit", observe: observe) { doomed in
            Task.detached { await slurm.cancel(doomed) }
        }
        // Every job has ended: the staged outputs are committed, or belong to quanta that run again from nothing.
        try? FileManager.default.removeItem(atPath: "\(folder)/quanta")
        try? FileManager.default.removeItem(atPath: "\(folder)/commit")
        return report
    }
}

/// Counts the arrays of a dry run (their elements are `dry-run-N_i`).
private final class Counter: Sendable {
    private let ids = Mutex<Set<String>>([])
    func add(_ job: String) { ids.withLock { _ = $0.insert(String(job.split(separator: "_").first ?? "")) } }
    var arrays: Int { ids.withLock { $0.count } }
}

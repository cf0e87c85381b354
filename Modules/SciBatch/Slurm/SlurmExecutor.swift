import Foundation
import SciCore
import Synchronization

/// Runs a pipeline's commands as Slurm jobs: the commands handed over together whose dependencies are submitted go
/// out as one job array, a command after others with `--dependency=afterok:<their ids>`; sci then watches the exit
/// files the batch script writes (see `SlurmScript`) and, about once a second, one `scontrol show job -o` for jobs
/// that ended without one (cancelled, timed out, preempted, failed). No accounting database is needed.
///
/// The job ids are saved in `jobs.json` in `folder` the moment they are known, so a run killed and resumed picks up
/// the jobs still queued or running (and those finished meanwhile) instead of submitting them again. sci writes
/// only into `folder` (scripts, exit files, Slurm's logs) and the pipeline's own folders.
public final class SlurmExecutor: CommandExecutor {
    /// Where scripts, exit files, Slurm's logs and `jobs.json` go (absolute; on a file system the nodes share).
    public let folder: String
    /// What every job asks for.
    public let options: SlurmOptions
    /// The job name Slurm shows.
    public let jobName: String
    /// Prints scripts instead of submitting them.
    public let isDryRun: Bool
    private let isInterrupted: @Sendable () -> Bool
    private let writtenBy: String
    private let output: @Sendable (String) -> Void
    private let state: Mutex<State>

    private struct Request {
        var job: BatchJob
        var continuation: CheckedContinuation<BatchOutcome, Never>
    }

    private struct State {
        /// Handed over, not yet submitted (their dependencies are not).
        var requests: [Request] = []
        /// Submitted or adopted, awaiting their end: job id and continuation, by name.
        var waiting: [String: (job: String, continuation: CheckedContinuation<BatchOutcome, Never>)] = [:]
        /// Job ids of this run (and, from `jobs.json`, of earlier ones) by name.
        var ids: [String: String] = [:]
        /// Names submitted or taken over by this run: their dependents may go out.
        var submitted: Set<String> = []
        /// How many elements each array of this run has, by array id.
        var arraySizes: [String: Int] = [:]
        var flushing = false
        var flushAgain = false
        var polling = false
        var dryRunCount = 0
        /// Requests handed over so far, to tell the last of a burst.
        var arrivals = 0
        /// Requests announced by `expect` and not handed over yet: nothing is submitted before they are.
        var expected = 0
    }

    /// An executor writing into `folder` (created if missing); once `isInterrupted` says so it stops waiting (the
    /// jobs go on), a dry run hands each script to `output`, and `writtenBy` names the command in each script.
    public init(folder: String, options: SlurmOptions = SlurmOptions(), jobName: String = "sci", dryRun: Bool = false,
                writtenBy: String = "sci pipeline run --executor slurm",
                isInterrupted: @escaping @Sendable () -> Bool = { false }, output: @escaping @Sendable (String) -> Void = { print($0, terminator: "") }) throws {
        self.folder = folder
        self.options = options
        self.jobName = jobName
        self.isDryRun = dryRun
        self.isInterrupted = isInterrupted
        self.writtenBy = writtenBy
        self.output = output
        var known: [String: String] = [:]
        if !dryRun {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw SciError("cannot create the Slurm folder \(folder): \(error.localizedDescription)", hint: "check the log folder's permissions")
            }
            known = Self.savedJobs(in: folder)
        }
        state = Mutex(State(ids: known))
    }

    /// The job ids saved in `folder` by name (empty when none): what `sci pipeline status` shows.
    public static func savedJobs(in folder: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: "\(folder)/jobs.json"),
              let jobs = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return jobs
    }

    /// Slurm's view of every job now, or nil when `scontrol` cannot be run or reach the controller.
    public static func jobTable() async -> SlurmJobTable? {
        guard let scontrol = program("scontrol"),
              let outcome = try? await ClusterCommand.run(scontrol, ["show", "job", "-o"]), outcome.exitCode == 0 else { return nil }
        return SlurmJobTable(scontrol: outcome.standardOutput)
    }

    /// Hands `job` over and waits for its end.
    public func run(_ job: BatchJob) async -> BatchOutcome {
        await withCheckedContinuation { continuation in
            let mark = state.withLock { state in
                state.requests.append(Request(job: job, continuation: continuation))
                state.expected = max(0, state.expected - 1)
                state.arrivals += 1
                return state.arrivals
            }
            // The commands handed over together go out as one array: submitted 30 ms after the last of them (a
            // fixed pause after the first split a burst on a busy machine), and not before every expected one.
            Task {
                try? await Task.sleep(for: .milliseconds(30))
                if state.withLock({ $0.arrivals != mark || $0.expected > 0 }) { return }
                await flush()
            }
        }
    }

    /// Announces that `count` jobs are about to be handed over together (each with its own `run`): none is
    /// submitted before all are, so the independent ones go out as one array however slowly they arrive.
    public func expect(_ count: Int) {
        state.withLock { $0.expected += max(0, count) }
    }

    // MARK: Submitting

    /// Submits every request whose dependencies have job ids, grouped by those ids into arrays.
    private func flush() async {
        let proceed = state.withLock { state in
            if state.flushing { state.flushAgain = true; return false }
            state.flushing = true
            return true
        }
        guard proceed else { return }
        var table: SlurmJobTable?
        var askedTable = false
        while true {
            let requests = state.withLock { state in
                state.flushAgain = false
                defer { state.requests = [] }
                return state.requests
            }
            var left: [Request] = []
            // Jobs of an earlier run still queued or running, or finished with an exit file, are taken over.
            for request in requests {
                if isInterrupted() {
                    request.continuation.resume(returning: .abandoned(job: nil))
                    continue
                }
                let earlier = isDryRun ? nil : state.withLock { $0.ids[request.job.name] }
                if let earlier {
                    if !askedTable { table = await Self.jobTable(); askedTable = true }
                    let exited = exitFile(request.job.name)?.job == earlier
                    if exited || table?.entry(for: earlier)?.isActive == true {
                        state.withLock { state in
                            state.waiting[request.job.name] = (earlier, request.continuation)
                            state.submitted.insert(request.job.name)
                        }
                        continue
                    }
                }
                left.append(request)
            }
            // Then arrays, as long as some request has every dependency submitted.
            var progress = true
            while progress, !left.isEmpty {
                progress = false
                let ids = state.withLock { state in state.ids }
                let submitted = state.withLock { state in state.submitted }
                let ready = left.filter { request in request.job.dependencies.allSatisfy { submitted.contains($0) && ids[$0] != nil } }
                guard !ready.isEmpty else { break }
                left.removeAll { request in ready.contains { $0.job.name == request.job.name } }
                progress = true
                var groups: [[String]: [Request]] = [:]
                let sizes = state.withLock { state in state.arraySizes }
                for request in ready {
                    let dependencyIDs = Self.dependencyIDs(request.job.dependencies.compactMap { ids[$0] }, arraySizes: sizes)
                    groups[dependencyIDs, default: []].append(request)
                }
                for (dependencyIDs, group) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                    await submit(group, after: dependencyIDs)
                }
            }
            let again = state.withLock { state in
                state.requests = left + state.requests
                if state.flushAgain { return true }
                state.flushing = false
                return false
            }
            if !again { break }
        }
        startPolling()
    }

    /// Element ids (`12_3`), with a whole array named by its id (`12`) when every element is a dependency: Slurm
    /// takes `afterok` on an element of an array cancelled before it was split as satisfied (22.05), but not on the
    /// array itself.
    public static func dependencyIDs(_ elements: [String], arraySizes: [String: Int]) -> [String] {
        var byArray: [String: [String]] = [:]
        var result: [String] = []
        for element in elements {
            guard let underscore = element.firstIndex(of: "_") else { result.append(element); continue }
            byArray[String(element[..<underscore]), default: []].append(element)
        }
        for (array, members) in byArray {
            if let size = arraySizes[array], Set(members).count == size { result.append(array) } else { result += members }
        }
        return result.sorted()
    }

    /// Stops the jobs of `names` not yet ended, and those not yet submitted.
    public func cancel(_ names: [String]) async {
        let wanted = Set(names)
        let (stopped, unsent) = state.withLock { state in
            var stopped: [(job: String, continuation: CheckedContinuation<BatchOutcome, Never>)] = []
            for name in wanted { if let entry = state.waiting.removeValue(forKey: name) { stopped.append(entry) } }
            let unsent = state.requests.filter { wanted.contains($0.job.name) }
            state.requests.removeAll { wanted.contains($0.job.name) }
            return (stopped, unsent)
        }
        if !isDryRun, !stopped.isEmpty, let scancel = Self.program("scancel") {
            _ = try? await ClusterCommand.run(scancel, stopped.map(\.job))
        }
        let reason = "sci cancelled it: a step it depends on failed"
        for entry in stopped {
            entry.continuation.resume(returning: .ended(job: entry.job, state: "CANCELLED", reason: reason, log: "\(folder)/\(entry.job).out"))
        }
        for request in unsent { request.continuation.resume(returning: .ended(job: "", state: "", reason: reason, log: "")) }
    }

    private func submit(_ group: [Request], after dependencies: [String]) async {
        let script = SlurmScript(jobs: group.map(\.job), dependencies: dependencies, jobName: jobName, folder: folder, options: options,
                                 writtenBy: writtenBy)
        if isDryRun {
            let number = state.withLock { state in
                state.dryRunCount += 1
                return state.dryRunCount
            }
            let id = "dry-run-\(number)"
            output("# sbatch script \(number): \(group.map(\.job.name).joined(separator: ", "))\n" + script.text + "\n")
            state.withLock { $0.arraySizes[id] = group.count }
            for (index, request) in group.enumerated() {
                state.withLock { state in
                    state.ids[request.job.name] = "\(id)_\(index)"
                    state.submitted.insert(request.job.name)
                    state.waiting[request.job.name] = ("\(id)_\(index)", request.continuation)
                }
            }
            return
        }
        let stem = group.count == 1 ? group[0].job.name : "\(group[0].job.name)+\(group.count - 1)"
        let file = "\(folder)/\(stem).sbatch"
        var failure: String?
        var arrayID = ""
        for request in group { unlink("\(folder)/\(request.job.name).exit") }
        do {
            try AtomicFile.write(Data(script.text.utf8), to: file, durable: false)
            guard let sbatch = Self.program("sbatch") else { throw SciError("sbatch is not installed or not on PATH", hint: "install Slurm's client commands") }
            let outcome = try await ClusterCommand.run(sbatch, ["--parsable", file], in: group[0].job.workingDirectory)
            let firstLine = outcome.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
            let id = firstLine.split(separator: ";").first.map(String.init) ?? ""
            if outcome.exitCode != 0 || id.isEmpty || !id.allSatisfy(\.isNumber) {
                failure = "sbatch \(file): " + (outcome.standardError.split(separator: "\n").last.map(String.init) ?? "exited \(outcome.exitCode)")
            } else {
                arrayID = id
            }
        } catch {
            failure = SciError.from(error).message
        }
        if let failure {
            for request in group { request.continuation.resume(returning: .ended(job: "", state: "", reason: failure, log: file)) }
            return
        }
        let ids = state.withLock { state in
            state.arraySizes[arrayID] = group.count
            for (index, request) in group.enumerated() {
                state.ids[request.job.name] = "\(arrayID)_\(index)"
                state.submitted.insert(request.job.name)
                state.waiting[request.job.name] = ("\(arrayID)_\(index)", request.continuation)
            }
            return state.ids
        }
        // Saved at once: a kill from here on leaves the ids for --resume.
        if let data = try? JSONEncoder().encode(ids) { try? AtomicFile.write(data, to: "\(folder)/jobs.json", durable: false) }
    }

    // MARK: Waiting

    private func startPolling() {
        let start = state.withLock { state in
            if state.polling { return false }
            state.polling = true
            return true
        }
        guard start else { return }
        Task { await poll() }
    }

    /// Until nothing is waiting: exit files every 0.2 s, Slurm's table about once a second.
    private func poll() async {
        var round = 0
        while true {
            let waiting = state.withLock { state in
                if state.waiting.isEmpty && state.requests.isEmpty { state.polling = false }
                return state.polling ? state.waiting.map { ($0.key, $0.value.job) } : nil
            }
            guard let waiting else { return }
            if isInterrupted() {
                let stopped = state.withLock { state in
                    defer { state.waiting = [:] }
                    return state.waiting
                }
                for (_, entry) in stopped { entry.continuation.resume(returning: .abandoned(job: entry.job)) }
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            if isDryRun {
                let planned = state.withLock { state in
                    defer { state.waiting = [:] }
                    return state.waiting
                }
                for (_, entry) in planned { entry.continuation.resume(returning: .planned(job: entry.job)) }
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            var ended: [(String, BatchOutcome)] = []
            for (name, job) in waiting {
                if let exit = exitFile(name), exit.job == job { ended.append((name, .exited(exit.code))) }
            }
            let settled = Set(ended.map(\.0))
            if round % 5 == 4, waiting.contains(where: { !settled.contains($0.0) }), let table = await Self.jobTable() {
                for (name, job) in waiting where !settled.contains(name) {
                    let entry = table.entry(for: job)
                    if entry?.isActive == true { continue }
                    // Written just before the job ended: look once more.
                    if let exit = exitFile(name), exit.job == job {
                        ended.append((name, .exited(exit.code)))
                        continue
                    }
                    let log = "\(folder)/\(job).out"
                    if let entry {
                        ended.append((name, .ended(job: job, state: entry.state, reason: entry.reason, log: log)))
                    } else if table.knowsArray(of: job) {
                        // scancel of a pending element takes it out of its array, leaving no record of its own.
                        ended.append((name, .ended(job: job, state: "CANCELLED", reason: "taken out of its pending array, as scancel does", log: log)))
                    } else {
                        ended.append((name, .ended(job: job, state: "GONE", reason: "Slurm no longer knows the job", log: log)))
                    }
                }
            }
            for (name, outcome) in ended {
                let continuation = state.withLock { $0.waiting.removeValue(forKey: name)?.continuation }
                // Read once: a later run (a --force, say) must not take this finished job for one of its own.
                if case .exited = outcome { unlink("\(folder)/\(name).exit") }
                continuation?.resume(returning: outcome)
            }
            round += 1
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private func exitFile(_ name: String) -> (job: String, code: Int32)? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/\(name).exit") else { return nil }
        return SlurmScript.readExit(String(decoding: data, as: UTF8.self))
    }

    /// A Slurm client program on PATH (or in /usr/bin).
    public static func program(_ name: String) -> String? { ClusterCommand.program(name) }
}

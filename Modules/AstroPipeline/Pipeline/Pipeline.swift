public import Foundation
import SciCore
public import SciBatch

/// A resumable sequence of AstrOmatic runs and custom steps, after astromatic-wrapper's `Pipeline`.
///
/// The pipeline saves its state (`pipeline.json`) in the log folder after every step, so after a failure, a crash
/// or a kill, `run(resume: true)` carries on at the step that did not finish; steps can be edited in between.
/// Steps that declare (or imply) their inputs and outputs run in parallel up to `jobs`, and a step whose inputs,
/// command and program version are unchanged since its last success is not run again unless `force` is set.
/// A `Pipeline` is used from one task at a time.
public final class Pipeline {
    /// The pipeline's name.
    public var name: String
    /// The pipeline's folders.
    public var paths: PipelinePaths
    /// Where each program's binary is.
    public var buildPaths: BuildPaths
    /// The folder relative paths are resolved against and programs run in.
    public var workingDirectory: String
    /// All steps, in order; edit them freely between runs.
    public var steps: [Step]
    private var state: PipelineState
    /// The folder of `pipeline.json` and `pipeline.lock` when it is not the log folder.
    private let stateDirectory: String?
    /// The executor the pipeline file asks for (`executor:`); `run(executor:)` decides.
    public var executorSettings = ExecutorSettings()
    /// Where a Slurm executor keeps its scripts, exit files, logs and job ids: `<log>/slurm`, or nil without a log
    /// folder.
    public var slurmFolder: String? { (stateDirectory ?? paths.log).map { resolve("\($0)/slurm") } }
    /// Stops the run from outside (a signal handler): see `Interruption`.
    public let interruption = Interruption()

    /// The names of the steps scheduled in the current (or last) run.
    public var runSteps: [String] { state.runSteps }
    /// The position in `runSteps` of the next step to run: after a failure, the failed step.
    public var runStepIndex: Int { state.runStepIndex }
    /// The latest result of every step, from this process or saved by an earlier one.
    public var results: [String: StepResult] { state.results }
    /// Where the state is saved: `pipeline.json` in the state folder (the log folder unless given), or nil.
    public var stateFile: String? { (stateDirectory ?? paths.log).map { resolve("\($0)/pipeline.json") } }
    /// The lock a run holds, beside the state.
    var lockFile: String? { (stateDirectory ?? paths.log).map { resolve("\($0)/pipeline.lock") } }

    /// A pipeline over `paths`; missing folders are created when `createPaths` is set, else reported, and neither
    /// when `checkPaths` is off (to read the state only). A state saved by an earlier run in `stateDirectory` (by
    /// default the log folder) is loaded, so `run(resume: true)` continues it.
    public init(paths: PipelinePaths = PipelinePaths(), buildPaths: BuildPaths = BuildPaths(), name: String = "pipeline",
                workingDirectory: String = FileManager.default.currentDirectoryPath, createPaths: Bool = true,
                checkPaths: Bool = true, stateDirectory: String? = nil) throws(PipelineError) {
        self.name = name
        self.paths = paths
        self.buildPaths = buildPaths
        self.workingDirectory = workingDirectory
        self.steps = []
        self.state = PipelineState(name: name)
        self.stateDirectory = stateDirectory
        if checkPaths { try checkFolders(create: createPaths) }
        if let stateFile, let saved = try PipelineState.load(stateFile) { state = saved }
    }

    /// Makes sure every folder exists, creating the missing ones when `create` is set.
    func checkFolders(create: Bool) throws(PipelineError) {
        var folders = paths.folders
        if let stateDirectory { folders["state"] = stateDirectory }
        for (key, folder) in folders.sorted(by: { $0.key < $1.key }) {
            let path = resolve(folder)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { continue }
            guard create, (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil else {
                throw .missingPath(key: key, path: folder)
            }
        }
    }

    /// Adds a step; names must be unique.
    public func addStep(_ step: Step) throws(PipelineError) {
        guard !steps.contains(where: { $0.name == step.name }) else { throw .invalidPipeline("two steps are named \(step.name)") }
        if case .astromatic(let run) = step.action, run.frames.count > 1 {
            // The wrapper's example crashes here; say why instead.
            throw .invalidPipeline(
                "step \(step.name): frames \(run.frames) — a run measures one frame of its images; give one, or make a step per frame")
        }
        steps.append(step)
    }

    /// Adds an AstrOmatic run as a step, named `<tool><n>` unless a name is given.
    public func addStep(_ run: AstromaticRun, name: String? = nil, tags: [String] = [], ignoreErrors: Bool = false,
                        inputs: [String] = [], outputs: [String] = [], dependencies: [String] = []) throws(PipelineError) {
        let name = name ?? "\(run.tool.configSuffix)\(steps.count)"
        try addStep(Step(name: name, tags: tags, ignoreErrors: ignoreErrors, action: .astromatic(run),
                         inputs: inputs, outputs: outputs, dependencies: dependencies))
    }

    /// Adds Swift code as a step.
    public func addStep(name: String, tags: [String] = [], ignoreErrors: Bool = false, ignoreExceptions: Bool = false,
                        inputs: [String] = [], outputs: [String] = [],
                        _ body: @escaping @Sendable (StepContext) async throws -> StepResult) throws(PipelineError) {
        try addStep(Step(name: name, tags: tags, ignoreErrors: ignoreErrors, ignoreExceptions: ignoreExceptions,
                         action: .custom(CustomStep(body)), inputs: inputs, outputs: outputs))
    }

    /// The step called `name`.
    public func step(_ name: String) -> Step? { steps.first { $0.name == name } }

    /// Runs the pipeline, with the seed's rules:
    /// - the steps are `steps` if given, else the saved run list when resuming, else all steps; then only those with
    ///   a tag in `runTags` (when given) and none in `ignoreTags` (ignore wins);
    /// - it starts at `startIndex` if given, else at the saved index when resuming (the failed step), else at 0;
    /// - a step's error stops the run unless `ignoreErrors` (run-level, else the step's own) says to continue; a thrown
    ///   error likewise with `ignoreExceptions`;
    /// - `progress` hears about each step as it finishes;
    /// - with an `executor`, every step whose predecessors are done or handed over goes to it at once (`jobs` does
    ///   not apply), naming the predecessors it must wait for; a dry-run executor's run saves no state.
    @discardableResult
    public func run(runTags: [String] = [], ignoreTags: [String] = [], steps names: [String]? = nil, resume: Bool = false,
                    startIndex: Int? = nil, ignoreErrors: Bool? = nil, ignoreExceptions: Bool? = nil, jobs: Int = 1,
                    force: Bool = false, executor: (any CommandExecutor)? = nil,
                    progress: ((String, StepResult) -> Void)? = nil) async throws -> PipelineReport {
        dryRun = executor?.isDryRun == true
        defer { dryRun = false }
        let known = Set(steps.map(\.name))
        if let unknown = (names ?? []).first(where: { !known.contains($0) }) { throw PipelineError.invalidPipeline("no step is named \(unknown)") }
        try checkDependencies()
        var list: [String]
        if let names {
            list = names
        } else if resume, !state.runSteps.isEmpty, state.runSteps.allSatisfy(known.contains) {
            list = state.runSteps
        } else {
            list = steps.map(\.name)
        }
        if !resume || names != nil || state.runSteps != list {
            list = list.filter { name in
                let tags = Set(step(name)?.tags ?? [])
                return (runTags.isEmpty || !tags.isDisjoint(with: runTags)) && tags.isDisjoint(with: ignoreTags)
            }
        }
        let tagged = Set(steps.flatMap(\.tags))
        if !runTags.isEmpty, list.isEmpty {
            let missing = runTags.filter { !tagged.contains($0) }
            throw PipelineError.rejected(
                missing.isEmpty ? "no step has a tag of \(runTags.joined(separator: ",")) without one of \(ignoreTags.joined(separator: ","))"
                    : "no step has the tag \(missing.joined(separator: ", "))",
                hint: tagged.isEmpty ? "the steps have no tags" : "tags: \(tagged.sorted().joined(separator: ", "))")
        }
        if let startIndex, startIndex < 0 || (startIndex >= list.count && !list.isEmpty) {
            throw PipelineError.rejected("--from \(startIndex) is past the end of the run list (\(list.count) steps)",
                                         hint: "give a position from 0 to \(list.count - 1)")
        }
        // Taken before the state changes: a second run of the pipeline leaves the first one's state alone.
        let lock = try lockFile.map { file throws(PipelineError) in try PipelineLock.acquire(file, pipeline: name) }
        defer { lock?.release() }
        interruption.reset()
        interruption.heldLock = lock
        defer { interruption.heldLock = nil }

        if list != state.runSteps || !resume {
            state.finished = []
        }
        state.runSteps = list
        state.runStepIndex = min(max(startIndex ?? (resume ? state.runStepIndex : 0), 0), list.count)
        state.running = []
        // Saved before each program starts and after it ends; up-to-date steps change nothing worth an fsync each.
        defer { try? save() }

        let runList = list
        let order = Array(state.runStepIndex..<runList.count).filter { !state.finished.contains(runList[$0]) }
        let waitsFor = dependencies(of: order, in: runList)
        let width = executor == nil ? max(jobs, 1) : Int.max

        // The schedule's mutable state lives inside the group's body and comes back as its result.
        let (report, failure, waiting) = try await withThrowingTaskGroup(
            of: Finished.self, returning: (PipelineReport, (any Error)?, [Int]).self
        ) { group in
            var report = PipelineReport(results: [])
            var waiting = order
            var running = Set<Int>()
            var failure: (any Error)?
            func isReady(_ candidate: Int) -> Bool {
                // With an executor, a step goes out as soon as its predecessors have (it waits for them there).
                (waitsFor[candidate] ?? []).allSatisfy { dependency in
                    state.finished.contains(runList[dependency]) || (executor != nil && running.contains(dependency))
                }
            }
            while true {
                // Launch every step whose predecessors are done, up to `jobs` at once; stop launching after a failure.
                while failure == nil, interruption.signal == nil, running.count < width, let next = waiting.first(where: isReady) {
                    if width == 1, next != waiting.first { break }
                    waiting.removeAll { candidate in candidate == next }
                    let handedOver = (waitsFor[next] ?? []).filter { running.contains($0) }.map { runList[$0] }
                    // A step after steps that run now cannot be up to date: its inputs are about to change.
                    let prepared = try await prepare(runList[next], index: next, force: force || !handedOver.isEmpty,
                                                     executor: executor, dependencies: handedOver)
                    switch prepared {
                    case .done(let result):
                        failure = record(runList[next], index: next, .result(result), ignoreErrors, ignoreExceptions, &report, progress)
                    case .launch(let runner):
                        running.insert(next)
                        state.running.insert(runList[next])
                        try save()
                        group.addTask {
                            do { return Finished(index: next, outcome: .result(try await runner.run())) } catch {
                                return Finished(index: next, outcome: .threw(error))
                            }
                        }
                    }
                }
                guard let finished = try await group.next() else { break }
                let index = finished.index
                var outcome = finished.outcome
                running.remove(index)
                state.running.remove(runList[index])
                if executor != nil, case .result(var result) = outcome, result.status == .success {
                    // Taken when the step was handed over, perhaps before its inputs were written.
                    result.fingerprint = refreshedFingerprint(runList[index], index: index, version: result.version)
                    outcome = .result(result)
                }
                let problem = record(runList[index], index: index, outcome, ignoreErrors, ignoreExceptions, &report, progress)
                if failure == nil { failure = problem }
                if let executor, interruption.signal == nil, problem != nil || !state.finished.contains(runList[index]) {
                    // The batch system runs a dependent after a job that exited 0 but failed sci's checks (a
                    // missing report, no source extracted): stopped here, as the local executor never starts it.
                    var after: Set<Int> = [index]
                    for candidate in running.sorted() where (waitsFor[candidate] ?? []).contains(where: after.contains) {
                        after.insert(candidate)
                    }
                    after.remove(index)
                    if !after.isEmpty { await executor.cancel(after.sorted().map { runList[$0] }) }
                }
                try save()
            }
            return (report, failure, waiting)
        }
        if let signal = interruption.signal {
            interruption.stopLeftovers()
            throw PipelineError.interrupted(signal: signal, steps: report.results.filter { $0.result.status == .interrupted }.map(\.step))
        }
        if let failure { throw failure }
        if !waiting.isEmpty {
            throw PipelineError.invalidPipeline("steps \(waiting.map { runList[$0] }.joined(separator: ", ")) wait for each other")
        }
        return report
    }

    // MARK: Private

    private enum Outcome {
        case result(StepResult)
        case threw(any Error)
    }

    /// A finished step as a child task hands it back. A class, because the task group returning the (index, outcome)
    /// tuple by value came back corrupted in release builds with Swift 6.3.1 (a step recorded twice, then a trap).
    private final class Finished: @unchecked Sendable {
        // Unchecked: both fields are immutable and only read after the child task has ended.
        let index: Int
        let outcome: Outcome
        init(index: Int, outcome: Outcome) {
            self.index = index
            self.outcome = outcome
        }
    }

    private enum Prepared {
        case done(StepResult)
        case launch(StepRunner)
    }

    /// Finds the binary, its version and the step's fingerprint; an up-to-date step or a missing binary needs no run.
    private func prepare(_ name: String, index: Int, force: Bool, executor: (any CommandExecutor)? = nil,
                         dependencies: [String] = []) async throws -> Prepared {
        guard let step = step(name) else { throw PipelineError.invalidPipeline("no step is named \(name)") }
        var context = StepContext(stepName: name, index: index, paths: paths, workingDirectory: workingDirectory,
                                  interruption: interruption)
        context.executor = executor
        context.dependencies = dependencies
        var executable: String?
        var version: String?
        let run = step.run?.effective(paths: paths, stepName: name)
        if let run {
            do {
                executable = try buildPaths.executable(for: run.tool)
            } catch {
                return .done(StepResult(status: .error, message: error.sciError.message, startedAt: Date()))
            }
            version = await self.version(of: executable!)
        }
        var hashes = state.fileHashes ?? FileHashes()
        let fingerprint = Fingerprint.of(step, run: run, version: version, context: context, hashes: &hashes)
        state.fileHashes = hashes
        if !force, let fingerprint, let last = state.results[name], last.status == .success, last.fingerprint == fingerprint,
           last.outputs.allSatisfy({ FileManager.default.fileExists(atPath: resolve($0)) }) {
            var skipped = last
            skipped.upToDate = true
            skipped.elapsed = 0
            return .done(skipped)
        }
        return .launch(StepRunner(step: step, context: context, executable: executable, version: version, fingerprint: fingerprint))
    }

    /// Stores a finished step's result and says whether the run must stop.
    private func record(_ name: String, index: Int, _ outcome: Outcome, _ ignoreErrors: Bool?, _ ignoreExceptions: Bool?,
                        _ report: inout PipelineReport, _ progress: ((String, StepResult) -> Void)?) -> (any Error)? {
        let step = step(name)
        var result: StepResult
        var problem: (any Error)?
        switch outcome {
        case .result(let value):
            result = value
            if result.status == .interrupted {
                problem = PipelineError.interrupted(signal: interruption.signal ?? SIGTERM, steps: [name])
            } else if result.status == .error, !(ignoreErrors ?? step?.ignoreErrors ?? false) {
                problem = PipelineError.stepFailed(step: name, index: index, message: result.message ?? "error")
            }
            if result.status == .error, step?.ignoreErrors == true { report.allowedFailures.insert(name) }
        case .threw(let error):
            let message = SciError.from(error).message
            result = StepResult(status: .error, message: message)
            if !(ignoreExceptions ?? step?.ignoreExceptions ?? false) {
                problem = PipelineError.stepThrew(step: name, index: index, message: message)
            } else {
                result.warnings.append("exception ignored: \(message)")
            }
        }
        state.results[name] = result
        if problem == nil { state.finished.insert(name) }
        while state.runStepIndex < state.runSteps.count, state.finished.contains(state.runSteps[state.runStepIndex]) {
            state.runStepIndex += 1
        }
        report.results.append((name, result))
        progress?(name, result)
        return problem
    }

    /// Refuses `depends_on` lists naming no step, a later step (the run list is the file's order, so it would be
    /// ignored) or a cycle.
    func checkDependencies() throws(PipelineError) {
        let position = Dictionary(steps.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for step in steps {
            if let missing = step.dependencies.first(where: { position[$0] == nil }) {
                throw .rejected("step \(step.name) depends on \(missing), which is not a step",
                                hint: "steps: \(steps.map(\.name).joined(separator: ", "))")
            }
        }
        // A cycle first: it is the clearer message when two steps name each other.
        for start in steps {
            var path = [start.name]
            var visited: Set<String> = []
            func walk(_ name: String) -> [String]? {
                for next in self.step(name)?.dependencies ?? [] {
                    if next == start.name { return path + [next] }
                    guard visited.insert(next).inserted else { continue }
                    path.append(next)
                    if let cycle = walk(next) { return cycle }
                    path.removeLast()
                }
                return nil
            }
            if let cycle = walk(start.name) {
                throw .rejected("steps depend on each other in a cycle: \(cycle.joined(separator: " → "))",
                                hint: "remove one of these depends_on entries")
            }
        }
        for step in steps {
            for dependency in step.dependencies where position[dependency]! > position[step.name]! {
                throw .rejected("step \(step.name) depends on \(dependency), which comes after it",
                                hint: "move \(dependency) before \(step.name): steps run in the order they are written")
            }
        }
    }

    /// For each step to run, the earlier ones it must wait for: explicit dependencies, producers of its inputs, and
    /// everything before it when it or they say nothing about their files.
    private func dependencies(of order: [Int], in list: [String]) -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        let resolved = order.map { index -> (inputs: Set<String>, outputs: Set<String>) in
            let step = self.step(list[index])!
            let run = step.run?.effective(paths: paths, stepName: step.name)
            let inputs = step.inputs + (run?.impliedInputs ?? [])
            let outputs = step.outputs + (run?.impliedOutputs ?? [])
            return (Set(inputs.map(normalized)), Set(outputs.map(normalized)))
        }
        for (position, index) in order.enumerated() {
            let step = self.step(list[index])!
            result[index] = order[..<position].enumerated().compactMap { earlierPosition, earlier in
                let other = self.step(list[earlier])!
                let needed = step.dependencies.contains(other.name) || !step.declaresFiles || !other.declaresFiles
                    || !resolved[position].inputs.isDisjoint(with: resolved[earlierPosition].outputs)
                    || !resolved[position].outputs.isDisjoint(with: resolved[earlierPosition].outputs)
                return needed ? earlier : nil
            }
        }
        return result
    }

    /// The program's version, asked once per binary and remembered in the saved state.
    private func version(of executable: String) async -> String? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
        let key = "\(executable)|\(attributes?[.size] as? Int ?? 0)|\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        if let known = state.versions[key] { return known }
        guard let outcome = try? await ProgramRun.run(executable, ["-v"], in: workingDirectory) else { return nil }
        let text = outcome.standardOutput + outcome.standardError
        guard let range = text.range(of: #"version [0-9][0-9.]*"#, options: .regularExpression) else { return nil }
        let version = String(text[range].dropFirst("version ".count))
        state.versions[key] = version
        return version
    }

    /// The step's fingerprint from its inputs as they are now.
    private func refreshedFingerprint(_ name: String, index: Int, version: String?) -> String? {
        guard let step = step(name) else { return nil }
        let context = StepContext(stepName: name, index: index, paths: paths, workingDirectory: workingDirectory)
        var hashes = state.fileHashes ?? FileHashes()
        let fingerprint = Fingerprint.of(step, run: step.run?.effective(paths: paths, stepName: name), version: version,
                                         context: context, hashes: &hashes)
        state.fileHashes = hashes
        return fingerprint
    }

    /// Set during a dry run, which saves nothing.
    private var dryRun = false

    private func save() throws(PipelineError) {
        guard !dryRun, let stateFile else { return }
        try state.save(stateFile)
    }

    func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : "\(workingDirectory)/\(path)" }

    private func normalized(_ path: String) -> String { (resolve(path) as NSString).standardizingPath }
}

import Foundation
import SciBatch

/// Runs one external program without blocking a thread of Swift's cooperative pool, capturing what it printed.
/// The program stays in sci's process group (a Ctrl-C or a kill of the group reaches it), dies with sci on Linux
/// (parent-death signal), and is stopped by the run's `Interruption`.
struct ProgramRun: Sendable {
    /// How the program ended.
    struct Outcome: Sendable {
        /// The exit code, or 128 + the signal that ended the program.
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
        /// How a batch job ended when it did not run the program to its end (cancelled, timed out…), or nil.
        var batch: BatchOutcome? = nil
    }

    /// A step's command handed to an executor instead of started here.
    struct Batch: Sendable {
        var executor: any CommandExecutor
        var step: String
        var dependencies: [String]
        var staleFiles: [String] = []
    }

    /// Who to tell about the program while it runs: the run's interruption (which stops it) and the step's name.
    struct Watch: Sendable {
        var interruption: Interruption
        var step: String
        var program: String
    }

    /// Runs `executable arguments` in `directory`. Output goes to files, not pipes, so a chatty program cannot
    /// fill a pipe and stall; `errorLog` keeps standard error for `sci pipeline log`.
    static func run(_ executable: String, _ arguments: [String], in directory: String, errorLog: String? = nil,
                    watch: Watch? = nil, batch: Batch? = nil) async throws -> Outcome {
        if let batch {
            let log = errorLog ?? "\(directory)/\(batch.step).stderr"
            let ended = await batch.executor.run(BatchJob(name: batch.step, command: [executable] + arguments, workingDirectory: directory,
                                                          errorLog: log, dependencies: batch.dependencies,
                                                          staleFiles: batch.staleFiles))
            let standardError = Self.withoutTerminalCodes((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
            if case .exited(let code) = ended { return Outcome(exitCode: code, standardOutput: "", standardError: standardError) }
            return Outcome(exitCode: -1, standardOutput: "", standardError: standardError, batch: ended)
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("sci-pipeline-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let outPath = scratch.path + ".out"
        let errPath = errorLog ?? scratch.path + ".err"
        defer {
            unlink(outPath)
            if errorLog == nil { unlink(errPath) }
        }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let output = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let error = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { [input, output, error].filter { $0 >= 0 }.forEach { close($0) } }
        guard input >= 0, output >= 0, error >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let keep = watch?.interruption.heldLock?.descriptor ?? -1
        let pid = try await Spawner.shared.spawn(executable, arguments, in: directory, input: input, output: output,
                                                 error: error, keep: keep)
        if let watch, !watch.interruption.started(.init(step: watch.step, program: watch.program, pid: pid)) {
            kill(pid, SIGTERM)
        }
        let code = await Spawner.exitCode(of: pid)
        watch?.interruption.ended(pid)
        return Outcome(exitCode: code, standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                       standardError: Self.withoutTerminalCodes((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""))
    }

    /// Runs a shell command for a custom step of the CLI.
    static func shell(_ command: String, in context: StepContext) async throws -> StepResult {
        let started = Date()
        let log = context.paths.log.map { "\(context.resolve($0))/\(context.stepName).stderr" }
        let watch = context.interruption.map { Watch(interruption: $0, step: context.stepName, program: "sh") }
        let outcome = try await run("/bin/sh", ["-c", command], in: context.workingDirectory, errorLog: log, watch: watch,
                                    batch: context.batch)
        let elapsed = Date().timeIntervalSince(started)
        if let batch = outcome.batch, case .planned = batch {
            return StepResult(status: .unknown, message: batch.problem, command: ["/bin/sh", "-c", command], startedAt: started)
        }
        if let signal = context.interruption?.signal {
            return StepResult(status: .interrupted, message: "interrupted by \(Self.name(of: signal))", elapsed: elapsed,
                              command: ["/bin/sh", "-c", command], startedAt: started)
        }
        if let problem = outcome.batch?.problem {
            return StepResult(status: .error, message: problem, elapsed: elapsed, command: ["/bin/sh", "-c", command], startedAt: started)
        }
        guard outcome.exitCode == 0 else {
            let last = outcome.standardError.split(separator: "\n").last.map(String.init)
            return StepResult(status: .error, message: last ?? "exited \(outcome.exitCode)", elapsed: elapsed,
                              command: ["/bin/sh", "-c", command], startedAt: started)
        }
        return StepResult(status: .success, elapsed: elapsed, command: ["/bin/sh", "-c", command], startedAt: started)
    }

    /// SIGINT, SIGTERM, SIGHUP or "signal N".
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGKILL: "SIGKILL"
        default: "signal \(signal)"
        }
    }

    /// AstrOmatic programs redraw their progress lines with ANSI codes (`ESC[1M`, `ESC[1A`, `ESC[7m`, `ESC[0m`).
    static func withoutTerminalCodes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }
}

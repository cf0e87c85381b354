import Foundation

/// Runs one external program without blocking a thread of Swift's cooperative pool, capturing what it printed.
struct ProgramRun: Sendable {
    /// How the program ended.
    struct Outcome: Sendable {
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `executable arguments` in `directory`. Output goes to files, not pipes, so a chatty program cannot
    /// fill a pipe and stall; `errorLog` keeps standard error for `sci pipeline log`.
    static func run(_ executable: String, _ arguments: [String], in directory: String, errorLog: String? = nil) async throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("sci-pipeline-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let outPath = scratch.path + ".out"
        let errPath = errorLog ?? scratch.path + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            unlink(outPath)
            if errorLog == nil { unlink(errPath) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? out.close()
        try? err.close()
        return Outcome(exitCode: code, standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                       standardError: Self.withoutTerminalCodes((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""))
    }

    /// Runs a shell command for a custom step of the CLI.
    static func shell(_ command: String, in context: StepContext) async throws -> StepResult {
        let started = Date()
        let log = context.paths.log.map { "\(context.resolve($0))/\(context.stepName).stderr" }
        let outcome = try await run("/bin/sh", ["-c", command], in: context.workingDirectory, errorLog: log)
        let elapsed = Date().timeIntervalSince(started)
        guard outcome.exitCode == 0 else {
            let last = outcome.standardError.split(separator: "\n").last.map(String.init)
            return StepResult(status: .error, message: last ?? "exited \(outcome.exitCode)", elapsed: elapsed,
                              command: ["/bin/sh", "-c", command], startedAt: started)
        }
        return StepResult(status: .success, elapsed: elapsed, command: ["/bin/sh", "-c", command], startedAt: started)
    }

    /// AstrOmatic programs redraw their progress lines with ANSI codes (`ESC[1M`, `ESC[1A`, `ESC[7m`, `ESC[0m`).
    static func withoutTerminalCodes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }
}

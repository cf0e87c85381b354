import Foundation

/// Runs one of the batch system's client programs (`sbatch`, `scontrol`, `scancel`) and captures what it printed,
/// without blocking a thread of Swift's cooperative pool: the output goes to files, not pipes, so a long
/// `scontrol show job` cannot fill a pipe and stall.
enum ClusterCommand {
    /// How the program ended.
    struct Outcome: Sendable {
        /// The exit code, or 128 + the signal that ended the program.
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `executable arguments` in `directory` with standard input from /dev/null.
    static func run(_ executable: String, _ arguments: [String], in directory: String = "/") async throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sci-batch-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let outPath = scratch.path + ".out"
        let errPath = scratch.path + ".err"
        guard FileManager.default.createFile(atPath: outPath, contents: nil), FileManager.default.createFile(atPath: errPath, contents: nil) else {
            throw POSIXError(.EACCES)
        }
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? output.close()
            try? error.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                continuation.resume(returning: ended.terminationReason == .uncaughtSignal ? 128 + ended.terminationStatus : ended.terminationStatus)
            }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Outcome(exitCode: code, standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                       standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// A client program on PATH (or in /usr/bin, /usr/local/bin).
    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

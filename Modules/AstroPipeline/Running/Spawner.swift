internal import CChildProcess
import Foundation
import Synchronization

/// Starts every program of the pipeline from one thread that lives as long as the process: on Linux a child's
/// parent-death signal fires when the thread that forked it ends, and the threads of Swift's pool come and go.
final class Spawner: Sendable {
    /// The one spawner of the process.
    static let shared = Spawner()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                for job in jobs.withLock({ pending in defer { pending = [] }; return pending }) { job() }
            }
        }
        thread.name = "sci-pipeline-spawner"
        thread.start()
    }

    /// Starts `executable` with its standard streams on the given descriptors; `keep` stays open in the child
    /// (the pipeline's lock, so that a program outliving sci keeps its run locked). Returns the child's pid.
    func spawn(_ executable: String, _ arguments: [String], in directory: String, input: Int32, output: Int32,
               error: Int32, keep: Int32) async throws -> pid_t {
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        return try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { pending in
                pending.append {
                    // Everything the child needs is allocated here, before the fork.
                    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
                    let envp = environment.map { strdup($0) } + [nil]
                    defer {
                        argv.forEach { free($0) }
                        envp.forEach { free($0) }
                    }
                    var reason: Int32 = 0
                    let pid = sci_spawn(executable, argv, envp, directory, input, output, error, keep, &reason)
                    if pid > 0 {
                        continuation.resume(returning: pid)
                    } else {
                        continuation.resume(throwing: POSIXError(POSIXErrorCode(rawValue: reason) ?? .EIO))
                    }
                }
            }
            wake.signal()
        }
    }

    /// Waits for `pid` on a thread of its own (waitpid blocks), and gives its exit code, or 128 + the signal that
    /// ended it, as a shell would.
    static func exitCode(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                var result: pid_t
                repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
                guard result == pid else { return continuation.resume(returning: 127) }
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            }
        }
    }
}

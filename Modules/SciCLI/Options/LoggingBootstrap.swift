import Logging
import SciCore
import Synchronization

/// Bootstraps swift-log at most once per process: `LoggingSystem.bootstrap` traps when called twice.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// Routes every logger to standard error, redacted, at `level`; later calls are ignored.
    static func once(level: Logger.Level) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            // Standard error, because standard output carries data that scripts read.
            var handler = RedactingLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }
}

public import Logging
import Synchronization

/// A log handler that keeps every line in memory, so a test can read what would have been logged.
public struct CapturingLogHandler: LogHandler {
    /// The lines logged so far, shared by every copy of the handler.
    public final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        /// An empty record.
        public init() {}
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        /// Every line, in order.
        public var all: [String] { lines.withLock { $0 } }
    }

    /// Where lines go.
    public let lines: Lines
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]

    /// A handler that records into `lines`.
    public init(lines: Lines) { self.lines = lines }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let extra = (event.metadata ?? [:]).map { "\($0)=\($1)" }.sorted().joined(separator: " ")
        lines.append("\(event.level) \(event.message) \(extra)")
    }
}

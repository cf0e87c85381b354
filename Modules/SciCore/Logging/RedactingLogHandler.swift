public import Logging

/// A log handler that passes every message and metadata value through the `Redactor` before the wrapped handler sees it.
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler

    /// Wraps another handler.
    public init(_ inner: any LogHandler) { self.inner = inner }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// The wrapped handler's metadata; redacted when a message is logged, not when set.
    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: Redactor.shared.redact(event.message.description))
        event.metadata = event.metadata?.mapValues { .string(Redactor.shared.redact($0.description)) }
        inner.log(event: event)
    }
}

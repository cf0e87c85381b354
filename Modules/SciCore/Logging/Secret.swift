/// A secret value (token, API key). It prints as `<redacted>` and is registered so that log lines never show it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    /// Wraps a secret and registers it for redaction.
    public init(_ value: String) {
        self.value = value
        Redactor.shared.register(value)
    }

    /// The secret itself, for the one place that must send it (an HTTP header, a 0600 file).
    public func reveal() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

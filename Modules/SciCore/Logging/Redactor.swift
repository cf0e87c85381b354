import Synchronization

/// Remembers every secret the process has seen and masks them in text bound for logs and error messages.
public final class Redactor: Sendable {
    /// The process-wide redactor that `Secret` registers with.
    public static let shared = Redactor()

    private let secrets = Mutex<Set<String>>([])

    /// Adds a secret; very short values are ignored because masking them would mangle ordinary text.
    public func register(_ secret: String) {
        guard secret.count >= 4 else { return }
        secrets.withLock { _ = $0.insert(secret) }
    }

    /// The text with every registered secret replaced by `<redacted>`.
    public func redact(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        guard !known.isEmpty else { return text }
        var result = text
        for secret in known where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}

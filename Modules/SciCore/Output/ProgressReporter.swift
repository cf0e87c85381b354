/// Receives progress of long work: bytes of a transfer, items of a listing.
public protocol ProgressReporter: Sendable {
    /// Work has started; `total` is nil when unknown.
    func start(label: String, total: Int64?, unit: ProgressUnit)
    /// Work so far, and a new total when it became known or changed.
    func update(completed: Int64, total: Int64?)
    /// Work has ended.
    func finish()
}

/// What a progress count counts.
public enum ProgressUnit: Sendable {
    case bytes, items
}

/// A reporter that shows nothing: for pipes, `--quiet` and libraries.
public struct SilentProgress: ProgressReporter {
    /// A reporter that ignores every call.
    public init() {}
    /// Ignored.
    public func start(label: String, total: Int64?, unit: ProgressUnit) {}
    /// Ignored.
    public func update(completed: Int64, total: Int64?) {}
    /// Ignored.
    public func finish() {}
}

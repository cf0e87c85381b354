public import Foundation
public import SciCore

/// A Bluesky run as Tiled serves it: a container with the `BlueskyRun` spec whose metadata holds the run's `start`
/// and `stop` documents, and one container per stream (`primary`, `baseline`, ...).
public struct BlueskyRun: Sendable {
    /// The run's node.
    public var node: Node

    /// A run from its node.
    public init(node: Node) { self.node = node }

    /// The node's path from the root.
    public var path: String { node.path }
    /// The start document.
    public var start: JSONValue { node.metadata["start"] ?? .null }
    /// The stop document; null while the run is going on or when it died without one.
    public var stop: JSONValue { node.metadata["stop"] ?? .null }
    /// `start.uid`.
    public var uid: String? { start["uid"]?.stringValue }
    /// `start.scan_id`.
    public var scanID: Int? { start["scan_id"]?.intValue.map(Int.init) }
    /// `start.plan_name`.
    public var planName: String? { start["plan_name"]?.stringValue }
    /// When the run started (`start.time`, seconds since 1970).
    public var startTime: Date? { start["time"]?.doubleValue.map(Date.init(timeIntervalSince1970:)) }
    /// When it stopped (`stop.time`).
    public var stopTime: Date? { stop["time"]?.doubleValue.map(Date.init(timeIntervalSince1970:)) }
    /// `stop.exit_status`: `success`, `abort` or `fail`; nil without a stop document.
    public var exitStatus: String? { stop["exit_status"]?.stringValue }
}

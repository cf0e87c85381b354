/// What a caller may do, as HIPPO's grants `hippo:read`, `hippo:write` and `hippo:admin` say.
public enum Scope: String, Sendable, CaseIterable, Codable {
    /// Read products and collections one may read.
    case read
    /// Create, revise and delete what one may write.
    case write
    /// Everything, on everything, and pinning.
    case admin
}

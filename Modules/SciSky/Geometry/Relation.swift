/// How one region stands to another, as sphgeom's Relationship does (from the first region's side).
public enum Relation: Equatable, Sendable {
    /// No point in common.
    case disjoint
    /// Some points in common (or too close to tell), neither holds the other.
    case intersects
    /// The first region holds the whole of the second.
    case contains
    /// The first region lies wholly inside the second.
    case within

    /// The same relation seen from the other region's side.
    public var inverted: Relation {
        switch self {
        case .contains: .within
        case .within: .contains
        default: self
        }
    }
}

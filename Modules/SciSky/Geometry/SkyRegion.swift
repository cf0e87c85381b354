/// A region on the sky as sci stores and queries it: a circle, a convex polygon or a lon/lat box.
public enum SkyRegion: Equatable, Sendable {
    /// A spherical cap.
    case circle(Circle)
    /// A convex polygon with great-circle edges.
    case polygon(ConvexPolygon)
    /// A longitude/latitude box.
    case box(Box)

    /// Whether the direction is inside or on the region.
    public func contains(_ v: UnitVector) -> Bool {
        switch self {
        case .circle(let c): c.contains(v)
        case .polygon(let p): p.contains(v)
        case .box(let b): b.contains(v)
        }
    }

    /// Whether the region contains the RA/Dec position in degrees.
    public func contains(lon: Double, lat: Double) -> Bool { contains(UnitVector(lon: lon, lat: lat)) }

    /// Whether two regions share a point (boxes answer conservatively, through their bounding circles).
    public func overlaps(_ other: SkyRegion) -> Bool {
        switch (self, other) {
        case (.circle(let a), .circle(let b)): a.relate(b) != .disjoint
        case (.polygon(let p), .circle(let c)), (.circle(let c), .polygon(let p)): p.relate(c) != .disjoint
        case (.polygon(let p), .polygon(let q)): p.relate(q) != .disjoint
        case (.box(let b), .circle(let c)), (.circle(let c), .box(let b)): b.relate(c) != .disjoint
        case (.box(let b), .polygon(let p)), (.polygon(let p), .box(let b)): b.relate(p.boundingCircle) != .disjoint
        case (.box(let b), .box(let c)):
            b.latMin <= c.latMax && c.latMin <= b.latMax
                && (b.isFullLongitude || c.isFullLongitude || b.containsLon(c.lonMin) || c.containsLon(b.lonMin))
        }
    }

    /// How a pixel (given by its vertices, or by a circle around it) stands to this region, from the pixel's side.
    func relate(pixel vertices: [UnitVector], bound: @autoclosure () -> Circle) -> Relation {
        switch self {
        case .circle(let c): ConvexPolygon.relate(vertices, c)
        case .polygon(let p): ConvexPolygon.relate(vertices, p.vertices)
        case .box(let b): b.relate(bound())
        }
    }

    /// How a circle around a pixel stands to this region, from the circle's side; `.within` and `.disjoint` are
    /// certain, `.intersects` may be either.
    func relate(bound c: Circle) -> Relation {
        switch self {
        case .circle(let r):
            let d = r.relate(c).inverted
            return d == .contains ? .intersects : d
        case .polygon(let p):
            switch p.relate(c) {
            case .contains: return .within
            case .disjoint: return .disjoint
            default: return .intersects
            }
        case .box(let b): return b.relate(c)
        }
    }
}

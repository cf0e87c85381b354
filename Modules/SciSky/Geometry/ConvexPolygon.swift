import Foundation

/// A convex polygon on the sky whose edges are great-circle arcs, vertices counter-clockwise seen from outside
/// the sphere (so the inside lies left of every edge), as sphgeom's ConvexPolygon.
public struct ConvexPolygon: Equatable, Sendable {
    /// The vertices, counter-clockwise.
    public let vertices: [UnitVector]

    /// The most vertices a polygon may have. The convexity check compares every vertex with every edge, so a polygon
    /// of a million vertices from a query or a record would take hours; sphgeom's regions (image outlines, hulls of
    /// a visit's detectors) have tens.
    public static let maxVertices = 10_000

    /// A polygon from 3 to `maxVertices` vertices in either winding; throws when they do not make a convex polygon.
    public init(vertices: [UnitVector]) throws(SkyError) {
        guard vertices.count >= 3 else {
            throw SkyError("a polygon needs at least 3 vertices, got \(vertices.count)")
        }
        guard vertices.count <= ConvexPolygon.maxVertices else {
            throw SkyError("a polygon of \(vertices.count) vertices has more than the \(ConvexPolygon.maxVertices) sci takes",
                           hint: "describe the area with fewer corners, or as a CIRCLE or RANGE")
        }
        if ConvexPolygon.isConvex(vertices) {
            self.vertices = vertices
        } else if ConvexPolygon.isConvex(vertices.reversed()) {
            self.vertices = vertices.reversed()
        } else {
            throw SkyError(
                "the polygon's vertices do not make a convex polygon (they cross, repeat, or turn both ways)",
                hint: "list the corners in order around the polygon, each once")
        }
    }

    /// A polygon from RA/Dec corners in degrees.
    public init(lonLats: [(lon: Double, lat: Double)]) throws(SkyError) {
        var vs: [UnitVector] = []
        for p in lonLats { vs.append(UnitVector(try LonLat(lon: p.lon, lat: p.lat))) }
        try self.init(vertices: vs)
    }

    /// A triangle or polygon whose winding is known to be right (HTM trixels, hulls).
    init(uncheckedVertices: [UnitVector]) { vertices = uncheckedVertices }

    /// The smallest convex polygon holding all the points, which must lie within a hemisphere-sized patch (an
    /// image's corners and edge points); throws when they are all on one great circle.
    public init(hullOf points: [UnitVector]) throws(SkyError) {
        var sum = Vector3(0, 0, 0)
        for p in points { sum = sum + p.vector }
        guard points.count >= 3, let c = sum.normalized else {
            throw SkyError("cannot make a polygon from \(points.count) points that do not span an area")
        }
        // Project onto the tangent plane at the mean (gnomonic, so great circles stay straight), take the planar
        // hull there, and keep the original vectors.
        let east = UnitVector(normalizing: -c.y, c.x, 0) ?? UnitVector(unchecked: 0, 1, 0)
        let north = c.cross(east)
        var projected: [(x: Double, y: Double, v: UnitVector)] = []
        for p in points {
            let d = p.dot(c)
            guard d > 1e-9 else { throw SkyError("the points span more than a hemisphere; cannot make a polygon") }
            projected.append((east.dot(p) / d, north.dot(p) / d, p))
        }
        projected.sort { ($0.x, $0.y) < ($1.x, $1.y) }
        func turn(_ o: (x: Double, y: Double, v: UnitVector), _ a: (x: Double, y: Double, v: UnitVector),
                  _ b: (x: Double, y: Double, v: UnitVector)) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [(x: Double, y: Double, v: UnitVector)] = []
        for p in projected {
            while lower.count >= 2, turn(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        var upper: [(x: Double, y: Double, v: UnitVector)] = []
        for p in projected.reversed() {
            while upper.count >= 2, turn(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast())
        guard hull.count >= 3 else { throw SkyError("the points lie on one great circle; cannot make a polygon") }
        // Counter-clockwise in the tangent plane (east, north) is counter-clockwise seen from outside the sphere.
        // A point on a straight edge (an image edge's midpoint) can survive the planar hull by rounding; it is
        // harmless, and the check below allows it.
        try self.init(vertices: hull.map(\.v))
    }

    /// Whether consecutive vertices all turn left (or run straight on, within rounding), at least three of them
    /// truly, so that the polygon is convex, counter-clockwise and not flat.
    static func isConvex(_ vs: [UnitVector]) -> Bool {
        let n = vs.count, tolerance = SphericalMath.collinearTolerance
        var turns = 0
        for i in 0..<n {
            let d = SphericalMath.determinant(vs[(i + 2) % n], vs[i], vs[(i + 1) % n])
            if d < -tolerance { return false }
            if d > tolerance { turns += 1 }
        }
        guard turns >= 3 else { return false }
        // Every vertex must also be inside every edge, which rules out star shapes that wind twice.
        for i in 0..<n {
            let a = vs[i], b = vs[(i + 1) % n]
            for v in vs where SphericalMath.determinant(v, a, b) < -tolerance { return false }
        }
        return true
    }

    /// Whether the direction is inside or on the polygon.
    public func contains(_ v: UnitVector) -> Bool {
        ConvexPolygon.contains(vertices, v)
    }

    static func contains(_ vs: [UnitVector], _ v: UnitVector) -> Bool {
        var a = vs[vs.count - 1]
        for b in vs {
            if SphericalMath.orientation(v, a, b) < 0 { return false }
            a = b
        }
        return true
    }

    /// The polygon's relation to a circle, from the polygon's side (`.within`: the polygon lies inside the circle).
    public func relate(_ circle: Circle) -> Relation { ConvexPolygon.relate(vertices, circle) }

    /// The relation of a polygon given by its vertices to a circle; near-boundary cases count as intersecting.
    static func relate(_ vs: [UnitVector], _ circle: Circle) -> Relation {
        if circle.squaredChord >= 4 { return .within }
        let r2 = circle.squaredChord, c = circle.center, eps = SphericalMath.chordError
        var inside = false
        for (i, v) in vs.enumerated() {
            let d = v.squaredChord(to: c)
            if abs(d - r2) < eps { return .intersects }
            let b = d < r2
            if i == 0 { inside = b } else if b != inside { return .intersects }
        }
        var a = vs[vs.count - 1]
        if inside {
            for b in vs {
                if SphericalMath.maxSquaredChordToArcInterior(c, a, b, a.cross(b)) > r2 - eps { return .intersects }
                a = b
            }
            // The boundary is inside the circle; the circle could still punch a hole through a polygon larger
            // than the circle's complement.
            return contains(vs, -c) ? .intersects : .within
        }
        for b in vs {
            if SphericalMath.minSquaredChordToArcInterior(c, a, b, a.cross(b)) < r2 + eps { return .intersects }
            a = b
        }
        return contains(vs, c) ? .contains : .disjoint
    }

    /// The polygon's relation to another convex polygon, from this polygon's side.
    public func relate(_ other: ConvexPolygon) -> Relation { ConvexPolygon.relate(vertices, other.vertices) }

    /// The relation of two vertex lists: vertex containment both ways, then edge crossings.
    static func relate(_ p: [UnitVector], _ q: [UnitVector]) -> Relation {
        var allP = true, anyP = false, allQ = true, anyQ = false
        for v in p {
            let b = contains(q, v)
            allP = allP && b
            anyP = anyP || b
        }
        for v in q {
            let b = contains(p, v)
            allQ = allQ && b
            anyQ = anyQ || b
        }
        if allP { return .within }
        if allQ { return .contains }
        if anyP || anyQ { return .intersects }
        var a = p[p.count - 1]
        for b in p {
            var c = q[q.count - 1]
            for d in q {
                let acd = SphericalMath.orientation(a, c, d), bdc = SphericalMath.orientation(b, d, c)
                if acd == bdc, acd != 0 {
                    let cba = SphericalMath.orientation(c, b, a), dab = SphericalMath.orientation(d, a, b)
                    if cba == dab, cba == acd { return .intersects }
                }
                c = d
            }
            a = b
        }
        return .disjoint
    }

    /// A circle holding the whole polygon (centred on the vertices' mean).
    public var boundingCircle: Circle {
        var sum = Vector3(0, 0, 0)
        for v in vertices { sum = sum + v.vector }
        let c = sum.normalized ?? vertices[0]
        var r2 = 0.0
        for v in vertices { r2 = max(r2, v.squaredChord(to: c)) }
        return Circle(center: c, squaredChord: r2 + 2 * SphericalMath.chordError)
    }
}

import Foundation

/// The small exact-enough predicates the regions share.
enum SphericalMath {
    /// The largest rounding error of a squared chord length between unit vectors; a vertex closer than this to a
    /// circle's edge counts as on it, so coverage errs on the side of including a pixel.
    static let chordError = 2.5e-15

    /// The sign of the triple product a · (b × c): positive when a is left of the great circle from b to c.
    /// Computed as b · ((c − b) × (a − b)), which equals it but keeps the small differences of nearby vectors
    /// exact enough for arcsecond-sized pixels and polygons.
    @inlinable static func orientation(_ a: UnitVector, _ b: UnitVector, _ c: UnitVector) -> Int {
        let ux = c.x - b.x, uy = c.y - b.y, uz = c.z - b.z
        let vx = a.x - b.x, vy = a.y - b.y, vz = a.z - b.z
        let d = b.x * (uy * vz - uz * vy) + b.y * (uz * vx - ux * vz) + b.z * (ux * vy - uy * vx)
        return d > 0 ? 1 : (d < 0 ? -1 : 0)
    }

    /// The squared chord from v to the nearest point inside the arc a→b (normal n = a × b), or 4 when that point
    /// is an end of the arc (the caller tests the vertices on their own).
    static func minSquaredChordToArcInterior(_ v: UnitVector, _ a: UnitVector, _ b: UnitVector, _ n: Vector3) -> Double {
        // v × n lies in the plane of the great circle through v's projection; its sides tell whether that
        // projection falls between a and b.
        let w = Vector3(v.y * n.z - v.z * n.y, v.z * n.x - v.x * n.z, v.x * n.y - v.y * n.x)
        guard w.dot(a) > 0, w.dot(b) < 0 else { return 4 }
        let s = abs(n.dot(v)), c = w.norm
        let theta = c == 0 ? Double.pi / 2 : atan(s / c)
        let h = sin(theta / 2)
        return 4 * h * h
    }

    /// The squared chord from v to the farthest point inside the arc a→b, or 0 when that point is an end.
    static func maxSquaredChordToArcInterior(_ v: UnitVector, _ a: UnitVector, _ b: UnitVector, _ n: Vector3) -> Double {
        let w = Vector3(v.y * n.z - v.z * n.y, v.z * n.x - v.x * n.z, v.x * n.y - v.y * n.x)
        guard w.dot(a) < 0, w.dot(b) > 0 else { return 0 }
        let h = sin(atan2(abs(n.dot(v)), -w.norm) / 2)
        return 4 * h * h
    }

    /// The squared chord length of an opening angle in degrees.
    static func squaredChord(degrees: Double) -> Double {
        if degrees >= 180 { return 4 }
        let h = sin(degrees * .pi / 360)
        return 4 * h * h
    }
}

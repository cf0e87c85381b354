import Foundation

/// A circle (spherical cap) on the sky: a centre and an opening angle (radius) in degrees.
public struct Circle: Equatable, Sendable {
    /// The centre.
    public var center: UnitVector
    /// The radius in degrees, in [0, 180].
    public var radius: Double
    /// The squared chord length of the radius, which the containment tests use.
    public let squaredChord: Double

    /// A circle of `radius` degrees around a direction; throws for a negative, over-180 or non-finite radius.
    public init(center: UnitVector, radius: Double) throws(SkyError) {
        guard radius.isFinite, radius >= 0, radius <= 180 else {
            throw SkyError("circle radius \(radius) is outside [0, 180] degrees", hint: "give the radius in degrees")
        }
        self.init(unchecked: center, radius: radius)
    }

    /// A circle around RA/Dec in degrees.
    public init(lon: Double, lat: Double, radius: Double) throws(SkyError) {
        let p = try LonLat(lon: lon, lat: lat)
        try self.init(center: UnitVector(p), radius: radius)
    }

    init(unchecked center: UnitVector, radius: Double) {
        self.center = center
        self.radius = radius
        squaredChord = SphericalMath.squaredChord(degrees: radius)
    }

    /// A circle wide enough to hold the given squared chord length (for bounding circles).
    init(center: UnitVector, squaredChord: Double) {
        let c = min(max(squaredChord, 0), 4)
        self.center = center
        self.radius = 2 * asin((c / 4).squareRoot()) * 180 / .pi
        self.squaredChord = c
    }

    /// Whether the direction is inside or on the circle.
    @inlinable public func contains(_ v: UnitVector) -> Bool { center.squaredChord(to: v) <= squaredChord }

    /// The circle's relation to a convex polygon, from the circle's side.
    public func relate(_ polygon: ConvexPolygon) -> Relation { polygon.relate(self).inverted }

    /// The circle's relation to another circle, from this circle's side.
    public func relate(_ other: Circle) -> Relation {
        let d = center.angle(to: other.center)
        if d > radius + other.radius { return .disjoint }
        if d + other.radius <= radius { return .contains }
        if d + radius <= other.radius { return .within }
        return .intersects
    }
}

import Foundation

/// A direction on the celestial sphere as a unit vector (x towards RA 0 Dec 0, z towards the north pole).
public struct UnitVector: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The x component.
    public var x: Double
    /// The y component.
    public var y: Double
    /// The z component.
    public var z: Double

    /// A unit vector from components that are already normalised (no check, for the hot paths).
    @inlinable public init(unchecked x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The direction of any non-zero vector, or nil for the zero vector (or one with non-finite components).
    public init?(normalizing x: Double, _ y: Double, _ z: Double) {
        let n = (x * x + y * y + z * z).squareRoot()
        guard n.isFinite, n > 0 else { return nil }
        self.init(unchecked: x / n, y / n, z / n)
    }

    /// The direction of a longitude (RA) and latitude (Dec) in degrees.
    public init(lon: Double, lat: Double) {
        let l = lon * .pi / 180, b = lat * .pi / 180
        self.init(unchecked: cos(b) * cos(l), cos(b) * sin(l), sin(b))
    }

    /// The direction of a longitude/latitude pair.
    public init(_ lonLat: LonLat) { self.init(lon: lonLat.lon, lat: lonLat.lat) }

    /// The dot product.
    @inlinable public func dot(_ o: UnitVector) -> Double { x * o.x + y * o.y + z * o.z }

    /// The (not normalised) cross product, as a plain vector.
    @inlinable public func cross(_ o: UnitVector) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    /// The opposite direction.
    public static prefix func - (v: UnitVector) -> UnitVector { UnitVector(unchecked: -v.x, -v.y, -v.z) }

    /// The angle to another direction in degrees, accurate at small and large separations alike.
    public func angle(to o: UnitVector) -> Double {
        let c = cross(o)
        return atan2(c.norm, dot(o)) * 180 / .pi
    }

    /// The squared chord length to another direction (4 for antipodes).
    @inlinable public func squaredChord(to o: UnitVector) -> Double {
        let dx = x - o.x, dy = y - o.y, dz = z - o.z
        return dx * dx + dy * dy + dz * dz
    }

    /// As a plain vector.
    public var vector: Vector3 { Vector3(x, y, z) }

    /// Longitude and latitude in degrees.
    public var lonLat: LonLat { LonLat(self) }

    /// `(x, y, z)` with full precision.
    public var description: String { "(\(x), \(y), \(z))" }
}

/// A plain 3-vector, for sums, midpoints and edge normals that are not directions yet.
public struct Vector3: Equatable, Sendable {
    /// The x component.
    public var x: Double
    /// The y component.
    public var y: Double
    /// The z component.
    public var z: Double

    /// A vector from its components.
    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The Euclidean length.
    public var norm: Double { (x * x + y * y + z * z).squareRoot() }

    /// The dot product with a direction.
    @inlinable public func dot(_ v: UnitVector) -> Double { x * v.x + y * v.y + z * v.z }

    /// The direction of this vector, or nil for zero.
    public var normalized: UnitVector? { UnitVector(normalizing: x, y, z) }

    /// The sum of two vectors.
    public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }

    /// A scaled vector.
    public static func * (s: Double, a: Vector3) -> Vector3 { Vector3(s * a.x, s * a.y, s * a.z) }
}

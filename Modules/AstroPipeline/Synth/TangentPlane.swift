import Foundation

/// The gnomonic (TAN) projection about a tangent point, in degrees: what a FITS `RA---TAN` WCS describes.
struct TangentPlane: Sendable {
    var ra: Double
    var dec: Double

    private static let radians = Double.pi / 180

    /// Sky → standard coordinates (ξ, η) in degrees.
    func project(ra: Double, dec: Double) -> (xi: Double, eta: Double) {
        let r = Self.radians
        let d0 = self.dec * r, d = dec * r, da = (ra - self.ra) * r
        let cosc = sin(d0) * sin(d) + cos(d0) * cos(d) * cos(da)
        return (cos(d) * sin(da) / cosc / r, (cos(d0) * sin(d) - sin(d0) * cos(d) * cos(da)) / cosc / r)
    }

    /// Standard coordinates (ξ, η) in degrees → sky.
    func deproject(xi: Double, eta: Double) -> (ra: Double, dec: Double) {
        let r = Self.radians
        let x = xi * r, y = eta * r, d0 = dec * r
        let rho = (x * x + y * y).squareRoot()
        guard rho > 0 else { return (ra, dec) }
        let c = atan(rho)
        let decOut = asin(cos(c) * sin(d0) + y * sin(c) * cos(d0) / rho)
        let raOut = ra * r + atan2(x * sin(c), rho * cos(d0) * cos(c) - y * sin(d0) * sin(c))
        var degrees = raOut / r
        if degrees < 0 { degrees += 360 }
        if degrees >= 360 { degrees -= 360 }
        return (degrees, decOut / r)
    }
}
